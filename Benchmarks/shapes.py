#!/usr/bin/env python3
"""What a plan of the independent generator's practice still gets wrong, by shape: the pairs in
automatic clusters that join two different clients, the true pairs the plan did not propose, and
what its review clusters hold. It reads the practice's own files (hq.csv, xpm.xml, truth.csv) and
plan.json, never the engine, and names shapes from the records' raw fields, so that the README's
counts can be made again:

    shapes.py bench-independent/100000-default/practice bench-independent/100000-default/plan

The shapes are a reader's, not the engine's: a pair is put in the first shape that fits it.
"""
import collections
import csv
import itertools
import json
import os
import re
import sys

TFN_WEIGHTS = [1, 4, 3, 7, 5, 8, 6, 9, 10]


def digits(text):
    return "".join(c for c in text if c.isdigit())


def read_records(practice):
    records = {}
    with open(os.path.join(practice, "hq.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            records[("hq", row["Client ID"])] = dict(
                name=row["Name"], first=row["First Name"], last=row["Last Name"], email=row["Email"].lower(),
                phone=digits(row["Phone"])[-8:], address=re.sub("[^a-z0-9]", "", row["Address"].lower())[:8],
                tax=digits(row["Tax Number"]), abn=digits(row["Business Number"]), dob=row["Date of Birth"],
                org=row["Xero Organisation ID"], link=row["XPM Client UUID"])
    with open(os.path.join(practice, "xpm.xml"), encoding="utf-8") as f:
        xml = f.read()

    def tag(client, name):
        found = re.search("<%s>(.*?)</%s>" % (name, name), client, re.S)
        return found.group(1).replace("&amp;", "&").replace("&apos;", "'") if found else ""

    for found in re.finditer(r"<Client>(.*?)</Client>", xml, re.S):
        client = re.sub(r"<Contacts>.*</Contacts>", "", found.group(1), flags=re.S)
        records[("xpm", tag(client, "UUID"))] = dict(
            name=tag(client, "Name"), first=tag(client, "FirstName"), last=tag(client, "LastName"),
            email=tag(client, "Email").lower(), phone=digits(tag(client, "Phone"))[-8:],
            address=re.sub("[^a-z0-9]", "", tag(client, "Address").lower())[:8], tax=digits(tag(client, "TaxNumber")),
            abn=digits(tag(client, "BusinessNumber")), dob=tag(client, "DateOfBirth"), org="", link="")
    return records


def date(text):
    if not text:
        return None
    parts = [int(x) for x in re.split("[-/T]", text)[:3]]
    return tuple(parts) if parts[0] > 31 else (parts[2], parts[1], parts[0])


def is_person(r):
    return bool(r["first"] or r["last"])


def distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def plain(text):
    text = re.sub(r"\s+(sr|jr|snr|jnr|senior|junior)$", "", text.lower().strip())
    return re.sub("[^a-z]", "", text)


def organisation_kind(name):
    name = name.lower()
    if "super" in name or "retirement fund" in name:
        return "fund"
    if "trust" in name:
        return "trust"
    if "pty" in name or "p/l" in name or "proprietary" in name or "limited" in name:
        return "company"
    return "business"


def one_home(a, b):
    return any(a[k] and a[k] == b[k] for k in ("address", "phone", "email"))


def wrong_shape(records, x, y):
    a, b = records[x], records[y]
    if (a["link"] and a["link"] == y[1]) or (b["link"] and b["link"] == x[1]):
        return "an old HQ-XPM sync link pointing at the other client"
    if a["org"] and a["org"] == b["org"]:
        return "two clients linked to one Xero organisation"
    if len(a["tax"]) == 9 and a["tax"] == b["tax"]:
        return "one TFN on both (a spouse's TFN typed on the record)"
    if len(a["abn"]) == 11 and a["abn"] == b["abn"]:
        return "one ABN on both (a trustee's ABN on the trust)"
    if is_person(a) and is_person(b):
        same_family = plain(a["last"]) == plain(b["last"])
        same = same_family and a["first"].lower() == b["first"].lower()
        if same and one_home(a, b):
            return "people: one name at one home (father and son)"
        if same_family and one_home(a, b):
            return "people: one household, different given names"
        if same:
            return "people: namesakes at different homes"
        if same_family and distance(a["first"].lower(), b["first"].lower()) <= 3:
            return "people: near-identical given names (Michael, Michelle) at different homes"
        return "people: other"
    if not is_person(a) and not is_person(b):
        kinds = sorted([organisation_kind(a["name"]), organisation_kind(b["name"])])
        return "organisations of one family: %s + %s%s" % (
            kinds[0], kinds[1], "" if one_home(a, b) else " (no shared contact)")
    return "a person with an organisation"


def missed_shape(records, aliases, x, y):
    a, b = records[x], records[y]
    if is_person(a) and is_person(b):
        fa, fb = a["first"].lower(), b["first"].lower()
        la, lb = plain(a["last"]), plain(b["last"])
        if plain(a["first"]) == lb and la == plain(b["first"]):
            return "person: given and family names swapped"
        if la != lb:
            if distance(la, lb) <= 2:
                return "person: surname slip or spacing" + (", given name differs" if fa != fb else "")
            return "person: surname changed (a married name)"
        if fa != fb:
            if fb in aliases.get(fa, ()):
                return "person: a short form or an English name"
            if len(fa) == 1 or len(fb) == 1:
                return "person: an initial only"
            if fa.split()[0] == fb.split()[0]:
                return "person: a middle name added"
            if distance(fa, fb) <= 2:
                return "person: a given-name slip"
            return "person: another given name"
        da, db = date(a["dob"]), date(b["dob"])
        if da and db and da != db:
            return "person: names agree, dates of birth differ"
        if a["tax"] and b["tax"] and a["tax"] != b["tax"]:
            return "person: names agree, tax numbers differ"
        return "person: names agree, little else does"
    if is_person(a) != is_person(b):
        return "a sole trader as a person and as a trading name"
    na, nb = a["name"].lower(), b["name"].lower()
    if ("trustee" in na + nb or " atf " in na + nb or " itf " in na + nb) and plain(na) != plain(nb):
        return "organisation: a trustee or ATF form of the name"
    if plain(na) != plain(nb):
        return "organisation: the name differs otherwise (legal form, slip, rename)"
    return "organisation: names agree"


def read_aliases():
    source = os.path.join(os.path.dirname(__file__), "..", "Sources", "SyntheticPractice", "Independent",
                          "IndependentNames.swift")
    aliases = collections.defaultdict(set)
    with open(source, encoding="utf-8") as f:
        text = f.read()
    for key, values in re.findall(r'"([A-Za-z -]+)": \[([^\]]*)\]', text):
        for value in re.findall(r'"([^"]+)"', values):
            aliases[key.lower()].add(value.lower())
            aliases[value.lower()].add(key.lower())
    return aliases


def main():
    practice, plan_folder = sys.argv[1], sys.argv[2]
    truth = {}
    with open(os.path.join(practice, "truth.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            truth[(row["source"], row["key"])] = row["entity"]
    records = read_records(practice)
    with open(os.path.join(plan_folder, "plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    cluster_of, status = {}, {}
    for cluster in plan["clusters"]:
        for member in cluster["members"]:
            cluster_of[(member["source"], member["key"])] = cluster["id"]
        status[cluster["id"]] = cluster["status"]

    wrong, wrong_clusters, clusters_wrong = collections.Counter(), collections.Counter(), 0
    review = collections.Counter()
    for cluster in plan["clusters"]:
        members = [(m["source"], m["key"]) for m in cluster["members"]]
        entities = {truth[m] for m in members}
        if cluster["status"] == "review":
            complete = all(cluster_of[r] == cluster["id"] for r in truth if truth[r] in entities)
            review["right as proposed" if len(entities) == 1 and complete else
                   "joins different clients" if len(entities) > 1 else "a client's records elsewhere too"] += 1
            continue
        if len(entities) < 2:
            continue
        clusters_wrong += 1
        seen = set()
        for x, y in itertools.combinations(members, 2):
            if truth[x] != truth[y]:
                shape = wrong_shape(records, x, y)
                wrong[shape] += 1
                if shape not in seen:
                    wrong_clusters[shape] += 1
                    seen.add(shape)
    print("wrong pairs in automatic clusters: %d in %d clusters" % (sum(wrong.values()), clusters_wrong))
    for shape, n in wrong.most_common():
        print("  %5d pairs in %4d clusters  %s" % (n, wrong_clusters[shape], shape))

    by_entity = collections.defaultdict(list)
    for record in sorted(records):
        by_entity[truth[record]].append(record)
    missed, unseen, total = collections.Counter(), collections.Counter(), 0
    aliases = read_aliases()
    for members in by_entity.values():
        for x, y in itertools.combinations(members, 2):
            total += 1
            if cluster_of[x] == cluster_of[y]:
                continue
            shape = missed_shape(records, aliases, x, y)
            missed[shape] += 1
            if status[cluster_of[x]] == "auto" and status[cluster_of[y]] == "auto":
                unseen[shape] += 1
    print("true pairs not proposed: %d of %d (%d with neither record in a review cluster)" % (
        sum(missed.values()), total, sum(unseen.values())))
    for shape, n in missed.most_common():
        print("  %5d (%4d unseen)  %s" % (n, unseen[shape], shape))
    print("review clusters: %d; %s" % (sum(review.values()), ", ".join(
        "%s %d" % (k, v) for k, v in review.most_common())))


if __name__ == "__main__":
    main()
