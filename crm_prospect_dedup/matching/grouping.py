"""Groups of duplicates from scored pairs: partners linked by a pair above the
threshold end in the same group (union-find)."""


def group_pairs(pairs, cannot_link=None):
    """Groups of partner ids from `pairs`, an iterable of (id_a, id_b, score,
    reasons), each reason a (comparison, level, weight) tuple.

    Pairs are linked best first. With `cannot_link(id_x, id_y)`, two groups
    are not joined when any of their members cannot be together: a record
    without e-mail that resembles two namesakes with different e-mails joins
    one of them, not both.

    Returns a list of dicts {'partner_ids': sorted ids, 'score': the weakest
    link of the group, 'reasons': (comparison, level, mean weight of its
    links), strongest first}, the best groups first.
    """
    parent, members = {}, {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    links = []
    for a, b, score, reasons in sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1])):
        ra, rb = find(a), find(b)
        if ra != rb:
            left, right = members.get(ra, [ra]), members.get(rb, [rb])
            if cannot_link and any(cannot_link(x, y) for x in left for y in right):
                continue
            root, other = min(ra, rb), max(ra, rb)
            parent[other] = root
            members[root] = left + right
            members.pop(other, None)
        links.append((a, score, reasons))

    groups = {}
    for partner in parent:
        root = find(partner)
        if root not in groups:
            groups[root] = {"partner_ids": [], "score": 1.0, "counts": {}}
        groups[root]["partner_ids"].append(partner)
    for a, score, reasons in links:
        group = groups[find(a)]
        if score < group["score"]:
            group["score"] = score
        counts = group["counts"]
        for comparison, level, weight in reasons:
            key = (comparison, level)
            if key in counts:
                total = counts[key]
                total[0] += weight
                total[1] += 1
            else:
                counts[key] = [weight, 1]

    result = []
    for group in groups.values():
        if len(group["partner_ids"]) < 2:  # only in links refused by cannot_link
            continue
        counts = group.pop("counts")
        group["partner_ids"].sort()
        reasons = [(key[0], key[1], round(total / n, 2)) for key, (total, n) in counts.items()]
        group["reasons"] = sorted(reasons, key=lambda r: (-abs(r[2]), r[0], r[1]))
        result.append(group)
    result.sort(key=lambda g: (-g["score"], g["partner_ids"][0]))
    return result
