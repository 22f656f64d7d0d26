#!/usr/bin/python3
"""The alternatives avgcon replaces, timed on the same embedding file.

  /usr/bin/python3 bench/external.py ITEMS.npy --impl faiss|reference [--ks 2..50] [--sets 1000] [--threads 2]

- reference: the paper's own code path (github.com/deezer/consistency, src/consistency.py
  Consistency.avg_precision): numpy sampling (with replacement when N >= 1e5, as it does),
  a torch mean, the full 1000 x N score matrix, torch.topk, np.intersect1d per set.
- faiss: the realistic notebook: numpy sampling without replacement, a numpy mean, FAISS
  IndexFlatIP exact search (float32 BLAS), set intersection in numpy.

Both need Debian's python3-torch / python3-faiss (bench only, never a package dependency).
Prints one JSON line: wall seconds of the estimation (loading excluded), peak RSS and the
consistency per k, so bench/external.mjs can put them beside avgcon from the same run.
"""
import argparse
import json
import resource
import time

import numpy as np


def parse_ks(text):
    if '..' in text:
        lo, hi = text.split('..')
        step = 1
        if ':' in hi:
            hi, step = hi.split(':')
        return list(range(int(lo), int(hi) + 1, int(step)))
    return [int(x) for x in text.split(',')]


def reference(x, ks, sets, threads, rng):
    import torch

    torch.set_num_threads(threads)
    v = torch.from_numpy(x)
    n = x.shape[0]
    out = {}
    for k in ks:
        if n >= 10**5:
            subsets = torch.LongTensor(rng.choice(n, size=(sets, k), replace=True))
        else:
            subsets = torch.zeros((sets, k)).long()
            for i in range(sets):
                subsets[i] = torch.LongTensor(rng.choice(n, size=k, replace=False))
        avg = v[subsets].mean(dim=1)
        top = avg.matmul(v.T).topk(k=k, dim=1)[1]
        common = sum(len(np.intersect1d(subsets[i].numpy(), top[i].numpy())) for i in range(sets))
        out[k] = common / (k * sets)
    return out


def faiss_flat(x, ks, sets, threads, rng):
    import faiss

    faiss.omp_set_num_threads(threads)
    index = faiss.IndexFlatIP(x.shape[1])
    index.add(x)
    n = x.shape[0]
    out = {}
    for k in ks:
        subsets = np.stack([rng.choice(n, size=k, replace=False) for _ in range(sets)])
        avg = x[subsets].mean(axis=1).astype(np.float32)
        _, top = index.search(avg, k)
        common = sum(len(np.intersect1d(subsets[i], top[i])) for i in range(sets))
        out[k] = common / (k * sets)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('items')
    p.add_argument('--impl', choices=['reference', 'faiss'], required=True)
    p.add_argument('--ks', default='2..50')
    p.add_argument('--sets', type=int, default=1000)
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    x = np.ascontiguousarray(np.load(a.items), dtype=np.float32)
    ks = parse_ks(a.ks)
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    c0 = time.process_time()
    run = reference if a.impl == 'reference' else faiss_flat
    result = run(x, ks, a.sets, a.threads, rng)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'impl': a.impl, 'n': x.shape[0], 'd': x.shape[1], 'ks': ks, 'sets': a.sets,
                      'seconds': wall, 'cpuSeconds': cpu, 'rssMB': rss_mb,
                      'consistency': {str(k): v for k, v in result.items()}}))


if __name__ == '__main__':
    main()
