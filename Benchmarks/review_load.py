#!/usr/bin/env python3
"""The review board's benchmark: starts `scr review` on a plan, times how long until it answers,
then loads it with wrk (N keep-alive connections, Benchmarks/review_paths.lua) with board pages,
searches and cluster pages, mixed and kind by kind, and last times decisions saved one after
another. Prints the 50th, 95th and 99th percentiles in milliseconds.

    review_load.py --scr .build/release/scr --plan bench-review/plan [--clients 8] [--seconds 20]
"""
import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    def __init__(self, port, token):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": "Bearer " + token}

    def get(self, path):
        self.connection.request("GET", path, headers=self.headers)
        answer = self.connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise RuntimeError("%s: %d %s" % (path.split("?")[0], answer.status, body[:200]))
        return body

    def post(self, path, document):
        headers = dict(self.headers, **{"Content-Type": "application/json"})
        self.connection.request("POST", path, body=json.dumps(document), headers=headers)
        answer = self.connection.getresponse()
        return answer.status, answer.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scr", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--script", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "review_paths.lua"))
    options = parser.parse_args()

    started = time.monotonic()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [options.scr, "review", options.plan, "--json"], stdout=subprocess.PIPE, stderr=log)
    address = json.loads(server.stdout.readline())
    bound = time.monotonic() - started
    client = Client(address["port"], address["token"])
    summary = json.loads(client.get("/api/summary"))
    first = json.loads(client.get("/api/clusters?page=1"))
    ready = time.monotonic() - started
    print("plan: %d clusters, %d for review" % (summary["clusters"], summary["review"]))
    print("ready: port bound %.2f s after start; summary and first board page answered %.2f s after start"
          % (bound, ready))

    # What is built after the board answers: the members' records (a cluster page waits for
    # them) and the search index (a search waits for it).
    client.get("/api/clusters?q=smith")
    searchable = time.monotonic() - started
    client.get("/api/clusters/" + first["clusters"][0]["id"])
    records = time.monotonic() - started
    print("then: search index ready %.2f s after start, members' records read %.2f s after start"
          % (searchable, records))

    # Cluster ids and search words, from the board itself.
    ids, words = [], []
    for page in range(1, 41):
        rows = json.loads(client.get("/api/clusters?size=500&sort=id&page=%d" % (page * 5)))["clusters"]
        ids += [row["id"] for row in rows]
        words += [row["hq"][0][:9] for row in rows if row["hq"]][:20]
        words += [(row.get("name") or "x").split(" ")[0] for row in rows][:20]
    reviews = []
    seen = {}
    for page in range(1, 100):
        rows = json.loads(client.get("/api/clusters?status=review&size=500&page=%d" % page))
        reviews += [row["id"] for row in rows["clusters"]]
        seen.update({row["id"]: {"decision": row["decision"], "split": row["split"]} for row in rows["clusters"]})
        if page >= rows["pages"]:
            break

    # The paths of each kind, written for wrk, which draws one at random for every request.
    random.seed(1)
    sorts = ["name", "confidence", "status", "decision"]
    kinds = {
        "board page": ["/api/clusters?page=%d&sort=%s" % (random.randint(1, first["pages"]), random.choice(sorts))
                       for _ in range(2000)],
        "review page": ["/api/clusters?status=review&page=%d" % random.randint(1, 14) for _ in range(200)],
        "search": ["/api/clusters?q=%s&page=1" % urllib.parse.quote(word) for word in words],
        "cluster page": ["/api/clusters/" + cluster for cluster in ids],
    }
    folder = tempfile.mkdtemp()
    def run_wrk(name, paths, seconds, threads=1):
        path = os.path.join(folder, name.replace(" ", "-"))
        with open(path, "w") as file:
            file.write("\n".join(paths) + "\n")
        result = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(options.clients), "-d", "%ds" % seconds, "-s", options.script,
             "http://127.0.0.1:%d" % address["port"]],
            env=dict(os.environ, PATHS=path, TOKEN=address["token"]), capture_output=True, text=True, check=True)
        count, p50, p95, p99, most, errors = next(
            line.split()[1:] for line in result.stdout.splitlines() if line.startswith("WRK "))
        if int(errors):
            raise RuntimeError("%s: %s errors" % (name, errors))
        print("| %s | %s | %s | %s | %s | %s | %.0f |" % (name, count, p50, p95, p99, most, int(count) / seconds))
    # wrk on one thread: its 8 connections are the 8 concurrent clients. On this 2-core machine a
    # second wrk thread takes a core from the server it measures, and the tail it reports is
    # then mostly its own threads waiting to run: the last row shows it.
    print("load: wrk, %d connections on one thread, each request a path drawn at random" % options.clients)
    print("| requests | count | p50 ms | p95 ms | p99 ms | max ms | per second |")
    print("|---|---|---|---|---|---|---|")
    mixed = [path for paths in kinds.values() for path in paths[:200]]
    run_wrk("all kinds mixed", mixed, options.seconds)
    for name, paths in kinds.items():
        run_wrk(name, paths, max(5, options.seconds // 4))
    run_wrk("all kinds mixed, wrk on 2 threads", mixed, max(5, options.seconds // 2), threads=2)

    # Decisions, one after another, each written to decisions.csv (temporary file, fsync, rename).
    saves = []
    for index in range(options.decisions):
        cluster = reviews[index % len(reviews)]
        decision = "accept" if index % 2 == 0 else "reject"
        base = seen.get(cluster, {"decision": "", "split": ""})
        started = time.perf_counter()
        status, body = client.post("/api/clusters/%s/decision" % cluster, {"decision": decision, "base": base})
        saves.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError("decision: %d %s" % (status, body[:300]))
        seen[cluster] = {"decision": decision, "split": ""}
    print("decisions, one after another: %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms" % (
        len(saves), percentile(saves, 50), percentile(saves, 95), percentile(saves, 99), max(saves)))
    server.terminate()
    server.wait()
    # The server's own log: the time each request took inside the server, without the queue
    # in front of it and the client's own time.
    log.seek(0)
    inside = {"GET": [], "POST": []}
    for entry in log.read().decode().splitlines():
        parts = entry.split(" ")
        if len(parts) == 5 and parts[4] == "ms" and parts[0] in inside:
            inside[parts[0]].append(float(parts[3]))
    print("inside the server (its log): reads p50 %.1f ms, p95 %.1f ms; decisions p50 %.1f ms, p95 %.1f ms" % (
        percentile(inside["GET"], 50), percentile(inside["GET"], 95),
        percentile(inside["POST"], 50), percentile(inside["POST"], 95)))


if __name__ == "__main__":
    sys.exit(main())
