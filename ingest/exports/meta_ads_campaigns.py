"""Meta Ads Manager campaign report (CSV), current and older (2017, Title Case) headers.

Money columns carry the account currency in their header (`Amount spent (USD)`); the raw table keeps it
in `currency`. The default export names neither the ad account nor the campaign id: `Account ID` and
`Campaign ID` columns are used when the report includes them, otherwise the account is the landing
folder (`landing/<ad account>/...`) and the campaign id is the campaign name.
Format details and evidence: shared/reference/platform-formats.md section 2g.

Recognising the report: its signature headers (any case: the 2017 export writes `Reporting Starts`,
`Campaign Name`) plus a money header `Amount spent (XXX)`, which is also where the currency comes from.
Every money header that names a currency must name the same one; money is never read without it.
Headers are matched case-insensitively with aliases for the older names (`Post Engagement`,
`Cost per result`). A `Day` column (daily breakdown) narrows the reporting period to that day, so each
row keeps its own natural key.

Localized reports are the same export type: Ads Manager writes the headers in the user's language, and
its number and date styles with them (platform-formats.md 2g and section 0). Header aliases, from public
parsers of real exports ([3P]; the names were not checked against Meta's own files):
- Spanish: `Inicio del informe`, `Fin del informe`, `Día`, `Nombre de la cuenta`, `Nombre de la campaña`,
  `Identificador de la campaña`, `Entrega de la campaña`, `Configuración de atribución`, `Resultados`,
  `Indicador de resultado`, `Alcance`, `Frecuencia`, `Costo por resultados`, `Importe gastado (XXX)`,
  `Impresiones`, `CPM (costo por mil impresiones) (XXX)`, `Clics en el enlace`,
  `CPC (costo por clic en el enlace) (XXX)`, `CTR (porcentaje de clics en el enlace)`, `Clics (todos)`,
  `CTR (todos)`, `CPC (todos) (XXX)`, `Visitas a la página de destino`,
  `Costo por visita a la página de destino (XXX)`, `Inicio`, `Finalización`.
- French: `Début des rapports`, `Fin des rapports`, `Jour`, `Nom du compte`, `Nom de la campagne`,
  `Résultats`, `Couverture`, `Répétition`, `Coût par résultat`, `Montant dépensé (XXX)`, `Impressions`,
  `CPM (Coût pour 1 000 impressions) (XXX)`, `Clics sur un lien`, `CPC (coût par clic sur un lien) (XXX)`,
  `Clics (tous)`, `CPC (Tous) (XXX)`, `Vues de page de destination`, `Coût par vue de page de destination`.
A localized header this type does not know goes to `_extra` and is reported as drift, never guessed.

The separator is sniffed from the header line: `;` when the header splits into more fields on `;` than
on `,`. The number style is chosen once per file from it, never guessed per cell: a `;` file is the
French style (decimal comma, thousands grouped with a space, U+00A0 or U+202F: `"1 234,56"`, dates
`DD/MM/YYYY`, or ISO `YYYY-MM-DD`, which cannot be misread), where a decimal point is an error rather
than a guess at `1.234`; a `,` file uses decimal
points and ISO dates (English and Spanish exports), where `4,500.75` thousands are accepted as before.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ingest.exports import cells, csv_table
from ingest.exports.base import Column, ExportType, FileContext, Sniff

if TYPE_CHECKING:
    import pyarrow as pa

MONEY = "DECIMAL(18,4)"


class MetaAdsCampaigns(ExportType):
    name = "meta_ads_campaigns"
    platform = "meta_ads"
    raw_table = "meta_ads__campaigns"
    title = "Meta Ads Manager campaign report (CSV; English, Spanish or French headers)"
    source = "Meta Ads Manager > Campaigns > Reports > Export table data (CSV)"
    file_pattern = "<Account>-Campaigns-<Mon>-<D>-<YYYY>-<Mon>-<D>-<YYYY>.csv"
    signature = ("Reporting starts", "Reporting ends", "Campaign name", "Impressions")
    natural_key = ("account_id", "campaign_id", "reporting_starts", "reporting_ends")
    columns = (
        Column("account_id", "VARCHAR", "`Account ID` when exported, else the landing folder.", True),
        Column("account_name", "VARCHAR"),
        Column("campaign_id", "VARCHAR", "`Campaign ID` when exported, else the campaign name.", True),
        Column("campaign_name", "VARCHAR", required=True),
        Column("reporting_starts", "DATE", required=True),
        Column("reporting_ends", "DATE", required=True),
        Column("campaign_delivery", "VARCHAR"),
        Column("attribution_setting", "VARCHAR"),
        Column("starts", "DATE", "Campaign start (older exports)."),
        Column("ends", "DATE", "Campaign end; NULL when the file says `Ongoing`."),
        Column("results", "BIGINT"),
        Column("result_indicator", "VARCHAR"),
        Column("reach", "BIGINT", "Unique people over the reporting period: never summed across periods."),
        Column("frequency", "DOUBLE"),
        Column("currency", "VARCHAR", "ISO 4217 code read from the money headers.", required=True),
        Column("amount_spent", MONEY),
        Column("cost_per_result", MONEY),
        Column("impressions", "BIGINT"),
        Column("cpm", MONEY, "Cost per 1,000 impressions."),
        Column("link_clicks", "BIGINT"),
        Column("cpc_link", MONEY, "Cost per link click."),
        Column("ctr_link_percent", "DOUBLE", "A percent number (2.60 = 2.6 %)."),
        Column("clicks_all", "BIGINT"),
        Column("ctr_all_percent", "DOUBLE", "A percent number."),
        Column("cpc_all", MONEY),
        Column("landing_page_views", "BIGINT"),
        Column("cost_per_landing_page_view", MONEY),
        Column("post_engagement", "BIGINT", "Older exports."),
        Column("post_reactions", "BIGINT", "Older exports."),
        Column("post_comments", "BIGINT", "Older exports."),
        Column("post_shares", "BIGINT", "Older exports."),
    )

    def signature_overlap(self, sniff: Sniff) -> float:
        """Share of the signature headers found (in any of their languages), counting "an `Amount spent
        (XXX)` header" as one more."""
        missing = len(self.missing_signature(sniff))
        spent = any(_is_amount_spent(h) for h in _sniffed_headers(sniff))
        return (len(self.signature) - missing + spent) / (len(self.signature) + 1)

    def missing_signature(self, sniff: Sniff) -> list[str]:
        """The signature headers (English names) the file has in none of their languages. A file lacking only
        a money header is not a near match: without a currency it is not this report."""
        seen = {_loose(h) for h in _sniffed_headers(sniff)}
        return [h for h in self.signature if not seen & {_loose(a) for a in _localized(h)}]

    def parse(self, ctx: FileContext) -> Iterator[pa.RecordBatch]:
        style = _style_of(ctx.sniff)
        with csv_table.CsvTable(ctx.path, delimiter=style.delimiter) as table:
            bound = table.bind(_fields(style))
            currency = _currency(table, bound)

            def records() -> Iterator[dict]:
                for row, values in table.rows():
                    record = table.read(row, values, bound)
                    account = record.get("account_id") or ctx.account_hint
                    if account is None:
                        raise table.error(
                            "missing_account",
                            "no ad account: the report has no 'Account ID' column (or the cell is empty) "
                            "and the file is not under landing/<ad account>/; add the column to the report "
                            "or pass the account explicitly (resonance ingest --account)",
                            row=row,
                        )
                    record["account_id"] = account
                    record["campaign_id"] = record.get("campaign_id") or record["campaign_name"]
                    if record.get("day") is not None:
                        record["reporting_starts"] = record["reporting_ends"] = record["day"]
                    record["currency"] = currency
                    record["_row_number"] = row
                    yield record

            yield from csv_table.record_batches(self, table, records())


def _is_amount_spent(header: str) -> bool:
    base, code = cells.split_currency(header)
    return code is not None and _loose(base) in {_loose(a) for a in _localized("Amount spent")}


def _loose(header: str) -> str:
    """A header compared for detection only: normalized, non-ASCII letters dropped. Detection sees the head
    decoded leniently, so a French export re-saved as Latin-1 reads `Dbut des rapports`; matching it anyway
    lets the parser reject the file for its encoding instead of for 'missing' columns."""
    return "".join(ch for ch in cells.normalize_header(header) if ch.isascii())


def _currency(table: csv_table.CsvTable, bound: list[cells.BoundField]) -> str:
    """The one ISO code the money headers name; an error when they name none or disagree."""
    money = [b for b in bound if b.field.money and b.currency]
    codes = sorted({b.currency for b in money})
    if len(codes) > 1:
        named = ", ".join(f"'{b.header}'" for b in money)
        raise table.error(
            "currency_mismatch",
            f"money columns name different currencies ({', '.join(codes)}): {named}; export one ad "
            "account (one currency) per file",
        )
    if not codes:
        spent = next(b for b in bound if b.field.name == "amount_spent")
        raise table.error(
            "missing_currency",
            "no money header names its currency; Ads Manager writes it as 'Amount spent (USD)'",
            column=spent.header,
        )
    return codes[0]


# ---- header aliases, per language ----------------------------------------------------------------------

# English header (as in `_fields`) -> the same column's header in other languages.
LOCALIZED_HEADERS: dict[str, tuple[str, ...]] = {
    "Reporting starts": ("Inicio del informe", "Début des rapports"),
    "Reporting ends": ("Fin del informe", "Fin des rapports"),
    "Day": ("Día", "Jour"),
    "Account name": ("Nombre de la cuenta", "Nom du compte"),
    "Campaign name": ("Nombre de la campaña", "Nom de la campagne"),
    "Campaign ID": ("Identificador de la campaña",),
    "Campaign delivery": ("Entrega de la campaña",),
    "Attribution setting": ("Configuración de atribución",),
    "Starts": ("Inicio",),
    "Ends": ("Finalización",),
    "Results": ("Resultados", "Résultats"),
    "Result indicator": ("Indicador de resultado",),
    "Reach": ("Alcance", "Couverture"),
    "Frequency": ("Frecuencia", "Répétition"),
    "Cost per results": ("Costo por resultados", "Costo por resultado", "Coût par résultat"),
    "Amount spent": ("Importe gastado", "Montant dépensé"),
    "Impressions": ("Impresiones",),
    "CPM (cost per 1,000 impressions)": ("CPM (costo por mil impresiones)", "CPM (Coût pour 1 000 impressions)"),
    "Link clicks": ("Clics en el enlace", "Clics sur un lien"),
    "CPC (cost per link click)": ("CPC (costo por clic en el enlace)", "CPC (coût par clic sur un lien)"),
    "CTR (link click-through rate)": ("CTR (porcentaje de clics en el enlace)",),
    "Clicks (all)": ("Clics (todos)", "Clics (tous)"),
    "CTR (all)": ("CTR (todos)",),
    "CPC (all)": ("CPC (todos)", "CPC (Tous)"),
    "Landing page views": ("Visitas a la página de destino", "Vues de page de destination"),
    "Cost per landing page view": ("Costo por visita a la página de destino", "Coût par vue de page de destination"),
}


def _localized(*headers: str) -> tuple[str, ...]:
    """The English headers followed by every localized alias of each."""
    return (*headers, *(alias for h in headers for alias in LOCALIZED_HEADERS.get(h, ())))


# ---- the file's locale: separator, number and date style ---------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How one file writes its cells, chosen once per file from its header line's separator."""

    delimiter: str
    decimal_comma: bool

    def number(self, convert: Callable[[str], object]) -> Callable[[str], object]:
        return _decimal_comma(convert) if self.decimal_comma else convert

    @property
    def date(self) -> Callable[[str], date | None]:
        return _day_month_year if self.decimal_comma else cells.iso_date


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter)) if line else []


def _style_of(sniff: Sniff) -> _Style:
    """`;` when the header line has more fields split on `;` than on `,` (a French export), else `,`."""
    line = sniff.first_line
    semicolon = len(_split_header(line, ";")) > len(_split_header(line, ","))
    return _Style(";", decimal_comma=True) if semicolon else _Style(",", decimal_comma=False)


def _sniffed_headers(sniff: Sniff) -> list[str]:
    style = _style_of(sniff)
    return sniff.headers if style.delimiter == "," else _split_header(sniff.first_line, style.delimiter)


_GROUPED_COMMA = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d*)?")


def _decimal_comma(convert: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap a converter for cells written `1 234,56` (space, U+00A0 or U+202F between thousands; `,` before
    the decimals; `3,48 %` for a percent). A `.` in such a file is refused, never guessed at."""

    def read(text: str) -> object:
        value = text.strip()
        if value.endswith("%"):
            value = value[:-1].rstrip(" \u00a0\u202f")
        if "." in value:
            raise cells.CellError(
                "not_a_number",
                f"{text!r} has a decimal point, but this file writes numbers with decimal commas ('1 234,56')",
            )
        if _GROUPED_COMMA.fullmatch(value):
            value = re.sub(r"[ \u00a0\u202f]", "", value)
        return convert(value.replace(",", "."))

    return read


_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_month_year(text: str) -> date | None:
    """`31/10/2026` (French exports), or `2026-10-31`: an ISO date cannot be misread, and Ads Manager writes
    French reports that way too (public importers of French exports read those columns as ISO). A
    month-first `10/31/2026` is still refused (month 31). Blank is NULL."""
    value = text.strip()
    if not value:
        return None
    if _ISO.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    match = _DMY.fullmatch(value)
    if match:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            pass
    raise cells.CellError("bad_date", f"{text!r} is not a date (DD/MM/YYYY or YYYY-MM-DD expected in this file)")


def _campaign_end(value: str) -> date | None:
    """`Ends`: a date, or `Ongoing` for a campaign without an end date (NULL)."""
    return None if value.strip().lower() == "ongoing" else cells.iso_date(value)


def _fields(style: _Style) -> tuple[cells.Field, ...]:
    """The report's columns, with every language's header and this file's number and date style."""

    def field(name: str, header: str, convert: Callable[[str], object], **options: bool) -> cells.Field:
        return cells.Field(name, _localized(header), convert, **options)

    def money(name: str, *headers: str) -> cells.Field:
        return cells.Field(name, _localized(*headers), style.number(cells.decimal), money=True)

    def count(name: str, *headers: str, required: bool = False) -> cells.Field:
        return cells.Field(name, _localized(*headers), style.number(cells.integer_grouped), required=required)

    day = style.date
    ends = day if style.decimal_comma else _campaign_end
    return (
        field("reporting_starts", "Reporting starts", day, required=True, not_null=True),
        field("reporting_ends", "Reporting ends", day, required=True, not_null=True),
        field("campaign_name", "Campaign name", cells.text, required=True, not_null=True),
        cells.Field(
            "amount_spent", _localized("Amount spent"), style.number(cells.decimal), required=True, money=True
        ),  # fmt: skip
        field("account_id", "Account ID", cells.identifier),
        field("account_name", "Account name", cells.text),
        field("campaign_id", "Campaign ID", cells.identifier),
        field("day", "Day", day),
        field("campaign_delivery", "Campaign delivery", cells.trimmed),
        field("attribution_setting", "Attribution setting", cells.trimmed),
        field("starts", "Starts", day),
        field("ends", "Ends", ends),
        count("results", "Results"),
        field("result_indicator", "Result indicator", cells.trimmed),
        count("reach", "Reach"),
        field("frequency", "Frequency", style.number(cells.number_grouped)),
        money("cost_per_result", "Cost per results", "Cost per result"),
        count("impressions", "Impressions", required=True),
        money("cpm", "CPM (cost per 1,000 impressions)"),
        count("link_clicks", "Link clicks"),
        money("cpc_link", "CPC (cost per link click)"),
        field("ctr_link_percent", "CTR (link click-through rate)", style.number(cells.percent)),
        count("clicks_all", "Clicks (all)"),
        field("ctr_all_percent", "CTR (all)", style.number(cells.percent)),
        money("cpc_all", "CPC (all)"),
        count("landing_page_views", "Landing page views"),
        money("cost_per_landing_page_view", "Cost per landing page view"),
        count("post_engagement", "Post engagement", "Post engagements"),
        count("post_reactions", "Post reactions"),
        count("post_comments", "Post comments"),
        count("post_shares", "Post shares"),
    )


EXPORT_TYPES = (MetaAdsCampaigns(),)
