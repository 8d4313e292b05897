#!/usr/bin/env python3
"""Writes synthetic but realistic /v1/support answers.

    bench/gen.py OUT_DIR            the standard sizes
    bench/gen.py OUT_DIR N [N ...]  nodes-N.json for each N given
    bench/gen.py OUT_DIR --hostile  answers built to hit worst cases

makes OUT_DIR/nodes-1.json (a single node), nodes-34.json (a large real
multi-connect cluster: two masters and 32 coreapps) and nodes-1000.json (a
stress size far past real clusters). `--hostile` writes answers whose cost
used to grow faster than their size: two nodes claiming shards 0-4000
(overlap-claims.json), 20,000 ranges of [-1, 4096] (many-ranges.json),
1,000 nodes with 60 schema tables each (schema-cells.json) and 4,000 nodes
with distinct host names (hosts-4000.json). The output is deterministic.
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
        # Shard ids stop at 4095: coreapps past them are spares.
        shards = [[i, i]] if i < 4096 else []
        support["%s:wa-coreapp-97145031111-%d" % (host, i)] = node(rng, "coreapp", shards, i + 2)
    return {"meta": {"api_status": "stable", "version": "v2.51.3"}, "support": support}


def hostile(rng):
    """Answers whose cost used to be super-linear in their size."""
    two = {}
    for i in range(2):
        n = node(rng, "coreapp", [[0, 4000]], i)
        two["wa-host-%d.example.internal:wa-coreapp-%d" % (i, i)] = n
    ranges = {"10.0.0.1:wa-master-0": node(rng, "primary_master", [[-1, 4096]] * 20000, 0)}
    schema = cluster(1000, rng)
    for i, n in enumerate(schema["support"].values()):
        n["schema"] = {"table_%02d" % t: (t + i) % 7 for t in range(60)}
    hosts = cluster(4000, rng)
    hosts["support"] = {
        "wa-node-%04d.dc%d.example.internal:%s" % (i, i % 3, k.split(":", 1)[1]): v
        for i, (k, v) in enumerate(hosts["support"].items())
    }
    return {
        "overlap-claims.json": {"support": two},
        "many-ranges.json": {"support": ranges},
        "schema-cells.json": schema,
        "hosts-4000.json": hosts,
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    if len(sys.argv) > 2 and sys.argv[2] == "--hostile":
        write(out, hostile(rng))
        return
    if len(sys.argv) > 2:
        write(out, {"nodes-%d.json" % int(n): cluster(int(n), rng) for n in sys.argv[2:]})
        return
    answers = {
        "nodes-1.json": {"meta": {"api_status": "stable", "version": "v2.51.3"},
                         "support": node(rng, None, None, 0)},
        "nodes-34.json": cluster(34, rng),
        "nodes-1000.json": cluster(1000, rng),
    }
    write(out, answers)


def write(out, answers):
    for name, doc in answers.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
