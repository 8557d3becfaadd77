"""Prints how the faceres descriptor's norm (and its gender and age outputs) spread over each set's crops, and what a
norm threshold at a percentile of the FER2013 train faces would keep of every set. Usage: report.py CROPS_DIR"""
import json
import os
import sys

import numpy as np


def main(folder):
    scores = json.load(open(os.path.join(folder, 'faceres.json')))
    sets = list(dict.fromkeys(s['set'] for s in scores))
    features = {'norm': lambda s: s['norm'], 'gender confidence |p - 0.5|': lambda s: abs(s['gender'] - 0.5), 'age entropy': lambda s: s['ageEntropy']}
    for title, value in features.items():
        print(f'\n{title}: set, crops, 1st / 5th / 50th / 95th percentile, min, max')
        for name in sets:
            v = np.array([value(s) for s in scores if s['set'] == name])
            p1, p5, p50, p95 = np.percentile(v, [1, 5, 50, 95])
            print(f'  {name:12s} {len(v):5d}  {p1:7.3f} {p5:7.3f} {p50:7.3f} {p95:7.3f}  {v.min():7.3f} {v.max():7.3f}')
    faces = np.array([s['norm'] for s in scores if s['set'] == 'fer-train'])
    print('\nnorm threshold at a percentile of the FER2013 train faces: crops kept per set')
    for p in [0.5, 1, 1.5, 2, 3, 5]:
        t = np.percentile(faces, p)
        kept = {name: sum(1 for s in scores if s['set'] == name and s['norm'] >= t) for name in sets}
        print(f'  {p:4.1f}th {t:6.2f}  ' + '  '.join(f'{k} {v}' for k, v in kept.items()))
    print('\nthe no-person set, each crop: file, norm')
    for s in scores:
        if s['set'] == 'no-person':
            print(f"  {s['file']:45s} {s['norm']:6.2f}")


if __name__ == '__main__':
    main(sys.argv[1])
