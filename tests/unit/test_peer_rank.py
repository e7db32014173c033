"""agency_peer_rank: peers are the same level in the same peer region — the nation for provinces,
the province for cities, the city below (hand-made numbers, no parsing)."""

from __future__ import annotations

from tests.sqlwarehouse import build

A = "applications"


def _body(key, level, province, city, received, granted=0.0):
    return {
        "agency_key": key,
        "agency_level": level,
        "province": province,
        "city": city,
        "division_code": "000000",
        "cells": {  # handled: granted, the rest partially granted (the outcome rows add up)
            (A, "new_received", "total"): (received, "number"),
            (A, "granted", "total"): (granted, "number"),
            (A, "partially_granted", "total"): (received - granted, "number"),
            (A, "results_total", "total"): (received, "number"),
        },
    }


def test_provinces_rank_nationwide_cities_within_their_province_counties_within_their_city():
    con = build(
        [
            _body("p1", "province", "甲省", None, 30, 3),
            _body("p2", "province", "乙省", None, 50, 10),
            _body("p3", "province", "丙省", None, 40, 40),
            _body("c1", "city", "甲省", "一市", 5, 5),
            _body("c2", "city", "甲省", "二市", 9, 0),
            _body("c3", "city", "乙省", "三市", 1, 1),
            _body("k1", "county", "甲省", "一市", 7, 1),
            _body("k2", "county", "甲省", "一市", 8, 8),
            _body("k3", "county", "甲省", "二市", 2, 2),
        ]
    )
    got = {
        k: rest
        for k, *rest in con.execute(
            "SELECT agency_key, peer_region, peers, applications_rank, granted_share_rank FROM agency_peer_rank"
        ).fetchall()
    }
    assert got == {
        "p1": ["全国", 3, 3, 3],
        "p2": ["全国", 3, 1, 2],
        "p3": ["全国", 3, 2, 1],
        "c1": ["甲省", 2, 2, 1],
        "c2": ["甲省", 2, 1, 2],
        "c3": ["乙省", 1, 1, 1],
        "k1": ["甲省/一市", 2, 2, 2],
        "k2": ["甲省/一市", 2, 1, 1],
        "k3": ["甲省/二市", 1, 1, 1],
    }


def test_aggregates_and_unresolved_regions_are_not_ranked():
    agg = {**_body("a", "province", "甲省", None, 100), "is_aggregate": True}
    unresolved = {**_body("u", "county", None, None, 5), "division_code": None}
    con = build([agg, unresolved, _body("p", "province", "乙省", None, 1)])
    assert con.execute("SELECT agency_key, peers FROM agency_peer_rank").fetchall() == [("p", 1)]


def test_below_min_applications_a_body_has_no_rate_and_no_rate_rank():
    con = build(
        [
            _body("k1", "county", "甲省", "一市", 9, 9),  # 100 % of 9: not rated
            _body("k2", "county", "甲省", "一市", 10, 5),
            _body("k3", "county", "甲省", "一市", 40, 30),
        ],
        min_applications=10,
    )
    got = con.execute(
        "SELECT agency_key, peers, rated_peers, rated, applications_rank, granted_share, granted_share_rank, "
        "substantive_disclosure_rate, substantive_disclosure_rank FROM agency_peer_rank ORDER BY agency_key"
    ).fetchall()
    assert got == [
        ("k1", 3, 2, False, 3, None, None, None, None),
        ("k2", 3, 2, True, 2, 0.5, 2, 1.0, 1),
        ("k3", 3, 2, True, 1, 0.75, 1, 1.0, 1),
    ]  # (substantive: granted + partially granted = every decided request, 100 % for both)
    assert con.execute("SELECT min_applications FROM comparison_settings").fetchall() == [(10,)]
