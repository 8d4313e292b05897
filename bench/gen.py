#!/usr/bin/env python3
"""Writes synthetic but realistic /v1/support answers.

    bench/gen.py OUT_DIR

makes OUT_DIR/nodes-1.json (a single node), nodes-34.json (a large real
multi-connect cluster: two masters and 32 coreapps) and nodes-1000.json (a
stress size far past real clusters). The output is deterministic.
"""
import json
import os
import random
import sys


def node(rng, role, shards, i):
    return {
        "multi_connect": role is not None,
        **({"role": role, "shards": shards} if role else {}),
        "context": "healthcheck",
        "db_engine": "MYSQL",
        "db_info": ["mysql-connector 8.0.33"],
        "debug_info": "+4915112345678",
        "description": "v2.51.3",
        "device_iso8601": "2026-11-25T09:14:03.%03dZ" % (i % 1000),
        "e2e": {"identity_timestamp": "1732524000", "registration_id": rng.randrange(1, 2**31)},
        "env": [
            "WA_DB_ENGINE=MYSQL",
            "WA_DB_HOSTNAME=mysql.wa.svc.cluster.local",
            "WA_DB_PORT=3306",
            "WA_DB_USERNAME=wauser",
            "WA_DB_PASSWORD=%016x" % rng.getrandbits(64),
            "WA_APP_MULTICONNECT=%d" % (1 if role else 0),
            "WA_WEB_SERVERNAME=wa.example.com",
        ],
        "expire_timestamp": "2027-02-12T10:22:41",
        "free_space_data": rng.randrange(50 * 2**30, 900 * 2**30),
        "free_space_logs": rng.randrange(5 * 2**30, 100 * 2**30),
        "free_space_media_incoming": 9223372036853727000,
        "free_space_media_outgoing": 9223372036853727000,
        "lc": "de",
        "lg": "DE",
        "os_name": "ubuntu-x86_64",
        "os_version": "20.04",
        "schema": {"axolotl": 12, "callback": 4, "cluster": 3, "config": 9,
                   "contact": 15, "jobqueue": 2, "message": 31},
        "socket_conn": rng.choice(["UP"] * 18 + ["UP receiving offline", "SC"]),
        "version": "v2.51.3",
    }


def cluster(n, rng):
    support = {}
    support["10.210.0.1:wa-master-97145031111-0"] = node(rng, "primary_master", [[-1, -1]], 0)
    support["10.210.0.2:wa-master-97145031111-1"] = node(rng, "secondary_master", [], 1)
    for i in range(n - 2):
        host = "10.210.%d.%d" % (1 + i // 250, 10 + i % 240)
        support["%s:wa-coreapp-97145031111-%d" % (host, i)] = node(rng, "coreapp", [[i, i]], i + 2)
    return {"meta": {"api_status": "stable", "version": "v2.51.3"}, "support": support}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    answers = {
        "nodes-1.json": {"meta": {"api_status": "stable", "version": "v2.51.3"},
                         "support": node(rng, None, None, 0)},
        "nodes-34.json": cluster(34, rng),
        "nodes-1000.json": cluster(1000, rng),
    }
    for name, doc in answers.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
