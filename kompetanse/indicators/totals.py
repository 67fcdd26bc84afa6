"""What a footnote says about a region's total: how it is computed and how many municipalities it counts."""

from __future__ import annotations

from kompetanse.i18n import _


def region_total_text(indicator: dict, region: dict) -> str:
    """'Regionverdien er … (6 av 6 kommuner har teller og nevner).', counting only the municipalities
    whose figures enter the total, and saying why there is none when it cannot be computed."""
    members = region["n_members"]
    if indicator["aggregation"] == "forhold":
        complete = region.get("n_with_fraction", region["n_reporting"])
        without = region["n_reporting"] - complete
        if without:
            return _(
                "Regionverdien kan ikke regnes ut: {without} av {members} kommuner har bare verdien, uten "
                "teller og nevner ({complete} av {members} har teller og nevner).",
                without=without,
                members=members,
                complete=complete,
            )
        return _(
            "Regionverdien er summen av tellere delt på summen av nevnere "
            "({complete} av {members} kommuner har teller og nevner).",
            complete=complete,
            members=members,
        )
    if region["n_reporting"] < members:
        return _(
            "Regionverdien vises ikke fordi bare {reporting} av {members} kommuner har tall "
            "(summen regnes ut bare når alle har tall).",
            reporting=region["n_reporting"],
            members=members,
        )
    return _(
        "Regionverdien er summen for kommunene ({members} av {members} kommuner har tall).", members=members
    )
