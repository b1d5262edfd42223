"""Meta Ads Manager campaign report: detection, exact parsing of current and 2017 headers, bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import badinput
import pyarrow as pa
import pytest
from badinput import Bad, CsvStyle

from ingest.exports import detect
from ingest.exports.base import ExportError, FileContext, Sniff
from ingest.exports.meta_ads_campaigns import MetaAdsCampaigns
from ingest.samples import SampleFile
from ingest.samples.meta_ads import CampaignPeriod, write_meta_ads_campaigns, write_meta_ads_campaigns_localized

Parse = Callable[..., pa.Table]
META = MetaAdsCampaigns()
BOM = "\ufeff"
CURRENT_HEADER = (
    "Reporting starts,Reporting ends,Campaign name,Campaign delivery,Attribution setting,Results,"
    "Result indicator,Reach,Frequency,Cost per results,Amount spent (EGP),Impressions,"
    '"CPM (cost per 1,000 impressions) (EGP)",Link clicks,CPC (cost per link click) (EGP),'
    "CTR (link click-through rate),Clicks (all),CTR (all),CPC (all) (EGP),Landing page views,"
    "Cost per landing page view (EGP)"
)
CURRENT_ROW = (
    '2023-07-23,2026-08-22,"Campaign, with comma",inactive,"7-day click or 1-day view",11,"Website Purchase",'
    "1988,1.25,14.95,164.4,2497,65.83,65,2.52,2.60,87,3.48,1.89,42,3.91"
)
LEGACY_2017 = (
    '"Campaign Name",Ends,"Campaign ID",Impressions,"Link Clicks","Post Shares","Post Comments",'
    '"Post Engagement","Post Reactions",Starts,"Reporting Starts","Reporting Ends","Amount Spent (USD)"\n'
    '"Post: ""Hydrogen cyanide is found in rat poison. It’s...""",2017-07-19,6076520279839,1491,3,25,10,151,66,'
    "2017-07-17,2017-04-19,2017-07-19,8.27\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(BOM + text, encoding="utf-8")
    return path


def period(**fields: object) -> CampaignPeriod:
    values: dict = {
        "account_id": "1029384756102938",
        "campaign_id": "120201234567890123",
        "campaign_name": "Holiday Sale, Boots & Jackets",
        "reporting_starts": date(2026, 10, 1),
        "reporting_ends": date(2026, 10, 31),
        "delivery": "active",
        "reach": 160105,
        "impressions": 231107,
        "amount_spent": Decimal("1225.18"),
        "link_clicks": 1730,
        "clicks_all": 2611,
        "results": 515,
        "result_indicator": "Website Purchase",
        "landing_page_views": 1202,
    }
    return CampaignPeriod(**{**values, **fields})


def parse_error(path: Path, account_hint: str | None = "act_folder") -> ExportError:
    with pytest.raises(ExportError) as caught:
        list(META.parse(FileContext(path, Sniff.of(path), account_hint=account_hint)))
    assert path.name in caught.value.message
    return caught.value


# ---- generated files -------------------------------------------------------------------------------------


def test_generated_meta_reports_detect_and_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse
) -> None:
    reports = [s for s in samples if s.export_type == "meta_ads_campaigns"]
    assert sorted({(s.account, s.currency) for s in reports}) == [
        ("northwind-ads-eu", "EUR"),
        ("northwind-ads-fr", "EUR"),
        ("northwind-ads-mx", "MXN"),
        ("northwind-ads-us", "USD"),
    ]
    assert len(reports) == 6  # two months for the English accounts, November for the Spanish and French ones
    for report in reports:
        periods: tuple[CampaignPeriod, ...] = report.rows
        path = landing.joinpath(*report.path.parts)
        assert detect(path).name == "meta_ads_campaigns"
        table = parse(path, account_hint=report.account)
        assert 4 <= table.num_rows == len(periods) <= 6
        assert set(table["currency"].to_pylist()) == {report.currency}
        assert table["account_id"].to_pylist() == [
            p.account_id for p in periods
        ]  # the column (or the folder: localized files have none)
        assert table["campaign_id"].to_pylist() == [p.campaign_id for p in periods]
        assert table["campaign_name"].to_pylist() == [p.campaign_name for p in periods]
        assert sum(table["amount_spent"].to_pylist()) == sum(p.amount_spent for p in periods)
        assert sum(table["impressions"].to_pylist()) == sum(p.impressions for p in periods)
        assert sum(table["link_clicks"].to_pylist()) == sum(p.link_clicks for p in periods)
        assert table["results"].null_count == sum(p.results is None for p in periods)
        assert set(table["reporting_starts"].to_pylist()) == {periods[0].reporting_starts}
        assert "Holiday Sale, Boots & Jackets" in table["campaign_name"].to_pylist()
        assert table["_row_number"].to_pylist() == list(range(2, len(periods) + 2))


def test_meta_derived_money_and_percent_columns_load_as_written(tmp_path: Path, parse: Parse) -> None:
    path = write_meta_ads_campaigns(tmp_path / "report.csv", [period()], "EUR")
    (row,) = parse(path).to_pylist()
    assert row["cost_per_result"] == Decimal("2.3800")  # 1225.18 / 515
    assert row["cpm"] == Decimal("5.3000")
    assert row["ctr_link_percent"] == 0.75
    assert row["frequency"] == 1.44
    assert (row["currency"], row["landing_page_views"]) == ("EUR", 1202)


def test_meta_blank_metric_cells_load_as_null(tmp_path: Path, parse: Parse) -> None:
    path = write_meta_ads_campaigns(
        tmp_path / "report.csv", [period(results=None, result_indicator=None, landing_page_views=None)], "USD"
    )
    (row,) = parse(path).to_pylist()
    assert row["results"] is row["result_indicator"] is row["cost_per_result"] is None
    assert row["landing_page_views"] is row["cost_per_landing_page_view"] is None
    assert row["impressions"] == 231107


# ---- header variants -------------------------------------------------------------------------------------


def test_meta_current_default_header_uses_the_folder_account_and_the_name_as_campaign_id(
    tmp_path: Path, parse: Parse
) -> None:
    path = write(tmp_path / "Acme-Campaigns-Jul-23-2023-Aug-23-2026.csv", CURRENT_HEADER + "\n" + CURRENT_ROW + "\n")
    assert detect(path).name == "meta_ads_campaigns"
    (row,) = parse(path, account_hint="acme_eg").to_pylist()
    assert (row["account_id"], row["campaign_id"], row["campaign_name"]) == (
        "acme_eg", "Campaign, with comma", "Campaign, with comma",
    )  # fmt: skip
    assert (row["currency"], row["amount_spent"], row["cpm"]) == ("EGP", Decimal("164.4000"), Decimal("65.8300"))
    assert (row["reporting_starts"], row["reporting_ends"]) == (date(2023, 7, 23), date(2026, 8, 22))
    assert (row["results"], row["reach"], row["clicks_all"], row["ctr_all_percent"]) == (11, 1988, 87, 3.48)
    assert row["attribution_setting"] == "7-day click or 1-day view"


def test_meta_2017_title_case_header_is_detected_and_parsed(tmp_path: Path, parse: Parse) -> None:
    path = write(tmp_path / "facebook_ads_manager.csv", LEGACY_2017)
    assert detect(path).name == "meta_ads_campaigns"
    (row,) = parse(path, account_hint="trial_promoter").to_pylist()
    assert row["campaign_name"] == 'Post: "Hydrogen cyanide is found in rat poison. It’s..."'
    assert (row["account_id"], row["campaign_id"], row["currency"]) == ("trial_promoter", "6076520279839", "USD")
    assert (row["starts"], row["ends"]) == (date(2017, 7, 17), date(2017, 7, 19))
    assert (row["reporting_starts"], row["reporting_ends"]) == (date(2017, 4, 19), date(2017, 7, 19))
    assert (row["impressions"], row["link_clicks"], row["amount_spent"]) == (1491, 3, Decimal("8.2700"))
    assert (row["post_shares"], row["post_comments"], row["post_engagement"], row["post_reactions"]) == (
        25,
        10,
        151,
        66,
    )
    assert row["reach"] is None


def test_meta_ongoing_campaign_end_loads_as_null(tmp_path: Path, parse: Parse) -> None:
    path = write(tmp_path / "report.csv", LEGACY_2017.replace(",2017-07-19,6076520279839", ",Ongoing,6076520279839"))
    (row,) = parse(path, account_hint="a").to_pylist()
    assert row["ends"] is None
    assert row["reporting_ends"] == date(2017, 7, 19)


def test_meta_money_with_thousands_separators_loads_exactly(tmp_path: Path, parse: Parse) -> None:
    path = write(tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW.replace(",164.4,", ',"4,500.75",') + "\n")
    assert parse(path, account_hint="a")["amount_spent"].to_pylist() == [Decimal("4500.7500")]


def test_meta_daily_breakdown_narrows_the_period_to_the_day(tmp_path: Path, parse: Parse) -> None:
    header = CURRENT_HEADER.replace("Reporting ends,", "Reporting ends,Day,")
    rows = [CURRENT_ROW.replace("2026-08-22,", f"2026-08-22,2024-01-0{d},") for d in (1, 2)]
    path = write(tmp_path / "daily.csv", "\n".join([header, *rows]) + "\n")
    table = parse(path, account_hint="a")
    assert table["reporting_starts"].to_pylist() == [date(2024, 1, 1), date(2024, 1, 2)]
    assert table["reporting_ends"].to_pylist() == [date(2024, 1, 1), date(2024, 1, 2)]


# ---- bad input -------------------------------------------------------------------------------------------


def test_meta_money_headers_in_different_currencies_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.csv", CURRENT_HEADER.replace("CPC (all) (EGP)", "CPC (all) (USD)") + "\n" + CURRENT_ROW + "\n"
    )
    error = parse_error(path)
    assert error.rule == "currency_mismatch"
    assert "EGP, USD" in error.message and "'CPC (all) (USD)'" in error.message


def test_meta_without_any_account_is_missing_account(tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW + "\n")
    error = parse_error(path, account_hint=None)
    assert (error.rule, error.row) == ("missing_account", 2)
    assert "Account ID" in error.message


def test_meta_missing_campaign_name_column_is_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", LEGACY_2017.replace('"Campaign Name"', '"Ad Name"'))
    error = parse_error(path)
    assert (error.rule, error.column) == ("missing_column", "Campaign name")
    assert "'Ad Name'" in error.message  # the headers seen


def test_meta_decimal_comma_money_is_not_a_number(tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW.replace(",164.4,", ',"164,4",') + "\n")
    error = parse_error(path)
    assert (error.rule, error.row, error.column, error.value) == ("not_a_number", 2, "Amount spent (EGP)", "164,4")


def test_meta_campaign_id_in_scientific_notation_is_a_mangled_id(tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", LEGACY_2017.replace(",6076520279839,", ",6.07652E+12,"))
    error = parse_error(path)
    assert (error.rule, error.row, error.column) == ("mangled_id", 2, "Campaign ID")
    assert "scientific notation" in error.message


def test_meta_bad_reporting_date_is_bad_date(tmp_path: Path) -> None:
    path = write(
        tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW.replace("2023-07-23", "23/07/2023") + "\n"
    )
    error = parse_error(path)
    assert (error.rule, error.row, error.column) == ("bad_date", 2, "Reporting starts")


def test_meta_header_only_report_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", CURRENT_HEADER + "\n")
    assert parse_error(path).rule == "header_only"


def test_meta_truncated_row_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW + "\n" + CURRENT_ROW.rsplit(",", 5)[0] + "\n"
    )
    error = parse_error(path)
    assert (error.rule, error.row, error.column) == ("truncated_row", 3, "Clicks (all)")


# ---- localized reports (Spanish, French) ----------------------------------------------------------------

SPANISH_EVIDENCE = (  # the header of platform-formats.md 2g, plus Impresiones
    "Inicio del informe,Fin del informe,Día,Nombre de la campaña,Identificador de la campaña,Importe gastado (PEN),"
    "Impresiones\n"
    "2026-10-01,2026-10-31,2026-10-05,Ofertas de Otoño,120209876543210987,164.4,2497\n"
)
FRENCH_HEADER = (
    "Début des rapports;Fin des rapports;Nom de la campagne;Couverture;Impressions;Montant dépensé (EUR);"
    "CTR (all);Répétition"
)


def localized(samples: list[SampleFile], account: str) -> SampleFile:
    (found,) = [s for s in samples if s.account == account]
    return found


@pytest.mark.parametrize(("account", "locale"), [("northwind-ads-mx", "es"), ("northwind-ads-fr", "fr")])
def test_generated_localized_reports_parse_with_exact_totals(
    landing: Path, samples: list[SampleFile], parse: Parse, account: str, locale: str
) -> None:
    report = localized(samples, account)
    periods: tuple[CampaignPeriod, ...] = report.rows
    path = landing.joinpath(*report.path.parts)
    assert detect(path).name == "meta_ads_campaigns"
    first_line = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    assert first_line.startswith(
        {"es": "Inicio del informe,Fin del informe,", "fr": "Début des rapports;Fin des rapports;"}[locale]
    )
    table = parse(path, account_hint=account)
    assert table.num_rows == len(periods)
    assert set(table["currency"].to_pylist()) == {report.currency}
    assert set(table["account_id"].to_pylist()) == {account}  # no Account ID column: the landing folder
    assert table["campaign_name"].to_pylist() == [p.campaign_name for p in periods]
    assert sum(table["amount_spent"].to_pylist()) == sum(p.amount_spent for p in periods)
    assert sum(table["impressions"].to_pylist()) == sum(p.impressions for p in periods)
    assert sum(table["reach"].to_pylist()) == sum(p.reach for p in periods)
    assert sum(table["link_clicks"].to_pylist()) == sum(p.link_clicks for p in periods)
    assert table["results"].null_count == sum(p.results is None for p in periods)
    assert set(table["reporting_starts"].to_pylist()) == {date(2026, 11, 1)}
    assert set(table["reporting_ends"].to_pylist()) == {date(2026, 11, 30)}
    assert table["_extra"].null_count == len(periods)  # every localized header is known


def test_generated_french_report_writes_decimal_commas_and_narrow_nbsp_thousands(
    landing: Path, samples: list[SampleFile]
) -> None:
    report = localized(samples, "northwind-ads-fr")
    raw = landing.joinpath(*report.path.parts).read_bytes()
    assert raw.startswith("\ufeffDébut des rapports;".encode())
    text = raw.decode("utf-8-sig")
    assert "\u202f" in text and ";01/11/2026;30/11/2026;" not in text and "\n01/11/2026;30/11/2026;" in text
    big = max(report.rows, key=lambda p: p.impressions)
    digits = str(big.impressions)
    assert f";{digits[:-3]}\u202f{digits[-3:]};" in text


def test_spanish_evidence_header_is_the_same_type_with_day_and_campaign_id(tmp_path: Path, parse: Parse) -> None:
    path = write(tmp_path / "Tienda-Campañas.csv", SPANISH_EVIDENCE)
    assert detect(path).name == "meta_ads_campaigns"
    (row,) = parse(path, account_hint="tienda_pe").to_pylist()
    assert (row["campaign_id"], row["campaign_name"]) == ("120209876543210987", "Ofertas de Otoño")
    assert (row["reporting_starts"], row["reporting_ends"]) == (date(2026, 10, 5), date(2026, 10, 5))  # Día
    assert (row["currency"], row["amount_spent"], row["impressions"]) == ("PEN", Decimal("164.4000"), 2497)


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_french_thousands_space_and_decimal_comma_load_exactly(tmp_path: Path, parse: Parse, space: str) -> None:
    row = f'01/10/2026;31/10/2026;"Soldes d\'hiver";1{space}988;2{space}497;"1{space}234,56";"3,48 %";1,25\n'
    path = write(tmp_path / "rapport.csv", FRENCH_HEADER + "\n" + row)
    assert detect(path).name == "meta_ads_campaigns"
    (record,) = parse(path, account_hint="boutique_fr").to_pylist()
    assert (record["reach"], record["impressions"]) == (1988, 2497)
    assert (record["amount_spent"], record["currency"]) == (Decimal("1234.5600"), "EUR")
    assert (record["ctr_all_percent"], record["frequency"]) == (3.48, 1.25)
    assert (record["reporting_starts"], record["reporting_ends"]) == (date(2026, 10, 1), date(2026, 10, 31))
    assert record["campaign_name"] == "Soldes d'hiver"


def test_french_file_with_a_decimal_point_is_not_guessed(tmp_path: Path) -> None:
    row = "01/10/2026;31/10/2026;Soldes;1988;2497;1.234;3,48;1,25\n"
    path = write(tmp_path / "rapport.csv", FRENCH_HEADER + "\n" + row)
    error = parse_error(path)
    assert (error.rule, error.row, error.column, error.value) == ("not_a_number", 2, "Montant dépensé (EUR)", "1.234")
    assert "decimal commas" in error.message


def test_french_report_with_iso_dates_loads_them_as_written(tmp_path: Path, parse: Parse) -> None:
    """An ISO date cannot be misread, whatever the file's locale (Ads Manager writes French reports so too)."""
    row = "2026-09-01;30/09/2026;Soldes;1988;2497;164,4;3,48;1,25\n"
    (record,) = parse(write(tmp_path / "rapport.csv", FRENCH_HEADER + "\n" + row), account_hint="fr").to_pylist()
    assert (record["reporting_starts"], record["reporting_ends"]) == (date(2026, 9, 1), date(2026, 9, 30))


def test_french_month_first_date_is_still_a_bad_date(tmp_path: Path) -> None:
    row = "09/30/2026;30/09/2026;Soldes;1988;2497;164,4;3,48;1,25\n"
    error = parse_error(write(tmp_path / "rapport.csv", FRENCH_HEADER + "\n" + row))
    assert (error.rule, error.row, error.column) == ("bad_date", 2, "Début des rapports")
    assert "DD/MM/YYYY or YYYY-MM-DD" in error.message


def test_english_file_keeps_decimal_points_and_iso_dates(tmp_path: Path, parse: Parse) -> None:
    """The style is per file: the same cells in a comma file read as English numbers."""
    path = write(tmp_path / "report.csv", CURRENT_HEADER + "\n" + CURRENT_ROW.replace(",164.4,", ',"1,234.5",') + "\n")
    assert parse(path, account_hint="a")["amount_spent"].to_pylist() == [Decimal("1234.5000")]


def test_french_report_without_campaign_name_is_a_near_match_naming_it(tmp_path: Path) -> None:
    header = FRENCH_HEADER.replace("Nom de la campagne", "Nom de la publicité")
    path = write(tmp_path / "rapport.csv", header + "\n01/10/2026;31/10/2026;Soldes;1988;2497;164,4;3,48;1,25\n")
    with pytest.raises(ExportError) as caught:
        detect(path)
    assert (caught.value.rule, caught.value.column) == ("missing_column", "Campaign name")
    assert "Nom de la publicité" in caught.value.message  # the headers seen, split on ';'


# ---- the bad-input set for a French report, through the loader --------------------------------------------

FR_STYLE = CsvStyle(encoding="utf-8-sig", delimiter=";")
FR_BAD = {
    "truncated": Bad(badinput.truncated, "truncated_row", row=4, column="Répétition"),
    # A Latin-1 re-save: detection still recognises the accented headers, the parser names the encoding.
    "wrong_encoding": Bad(
        lambda good: badinput.reencoded(good, source="utf-8-sig"), "bad_encoding", message=("not UTF-8",)
    ),
    "header_only": Bad(badinput.rewrite(FR_STYLE, "header_only", badinput.header_only()), "header_only"),
    "missing_column": Bad(
        badinput.rewrite(FR_STYLE, "missing_column", badinput.drop_column("Impressions")),
        "missing_column",
        column="Impressions",
    ),
    "non_numeric": Bad(
        badinput.rewrite(FR_STYLE, "non_numeric", badinput.set_cell("Couverture", 2, "beaucoup")),
        "not_a_number",
        row=3,
        column="Couverture",
    ),
    # The French report has no id column; a spreadsheet mangles its numbers instead: `1,2E+04` in a count.
    "mangled_id": Bad(
        badinput.rewrite(FR_STYLE, "mangled_id", badinput.set_cell("Impressions", 1, "1,2E+04")),
        "not_an_integer",
        row=2,
        column="Impressions",
        message=("scientific notation",),
    ),
    "duplicate_rows": Bad(
        badinput.rewrite(FR_STYLE, "duplicate_rows", badinput.duplicate_row(1)),
        "duplicate_key",
        row=5,
        message=("rows 2, 5",),
    ),
    "unknown_file": Bad(badinput.unknown_file, "unknown_export", message=("Pin impressions", "nearest known types")),
}


def test_french_bad_input_set_covers_every_kind() -> None:
    assert tuple(FR_BAD) == badinput.KINDS


@pytest.mark.parametrize("kind", badinput.KINDS)
def test_french_bad_input_is_quarantined_with_a_precise_reason(kind: str, home, tmp_path: Path) -> None:
    periods = [
        period(campaign_name=f"Soldes d'hiver – vestes {n}", campaign_id=str(n), impressions=23_000 + n)
        for n in range(3)
    ]
    good = write_meta_ads_campaigns_localized(tmp_path / "Northwind-FR-Campaigns.csv", periods, "EUR", locale="fr")
    badinput.assert_quarantined(home, good, FR_BAD[kind], account="northwind-ads-fr")
