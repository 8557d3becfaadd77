"""Summarises tools/face-probe/views.cs's CSV: for each way of deciding from the box's views, the faces kept and the
boxes on no face kept, per set (docs/detection-evaluation.md "Other views of a box, probed"). A box counts as a face
when the set says so (truth 1, or ? in an image whose faces are counted, not boxed). At the thresholds the models
carry. Usage: views.py CSV"""
import csv
import sys

VIEWS = ['v', 'v_mirror', 'v_small', 'v_large', 'v_left', 'v_right', 'v_up', 'v_down']


def main(path, sure_at=0.99):
    rows = list(csv.DictReader(open(path)))
    for row in rows:
        for key, value in row.items():
            if key not in ('set', 'file', 'truth', 'refined_truth'):
                row[key] = float(value)
    verifier_threshold, flag_threshold, second_threshold = (rows[0][k] for k in ('threshold', 'flag_threshold', 'v2_threshold'))
    sets = {}
    for row in rows:
        sets.setdefault(row['set'], []).append(row)

    def checks(p, flag, threshold=verifier_threshold):
        # The product's rule (FaceVerifier.Keep): the verifier's threshold, and the flag below its sure gate.
        return p >= threshold and (p >= sure_at or flag >= flag_threshold)

    def percentile(values, share):
        values = sorted(values)
        return values[int(share * (len(values) - 1))]

    shipped = lambda r: checks(r['v'], r['flag'])
    train_faces = [r for r in sets.get('fer-train', []) if r['truth'] == '1' and shipped(r)]

    def extra(score):
        # One more check at the flag's rule: the 1st percentile over the FER2013 train faces the checks keep.
        cut = percentile([score(r) for r in train_faces], 0.01)
        return lambda r: shipped(r) and score(r) >= cut

    mean = lambda keys: (lambda r: sum(r[k] for k in keys) / len(keys))
    refined = lambda r: checks(r['refined_v'], r['refined_flag']) if r['refined_score'] >= 0.3 else shipped(r)
    refined_truth = lambda r: r['refined_truth'] if r['refined_score'] >= 0.3 else r['truth']
    # `--refine-below 32` (FaceDetector.RefineSmall): a box narrower than the verifier's 32-pixel input is replaced by
    # the redrawn one when that scores the detector's 0.5, and dropped when not. (The product's redrawn box blends only
    # candidates scoring 0.5, this one those scoring 0.05, so a box here may lie a pixel or two from the product's.)
    small_refined = lambda r: r['width'] >= 32 and shipped(r) or r['width'] < 32 and r['refined_score'] >= 0.5 and checks(r['refined_v'], r['refined_flag'])
    small_truth = lambda r: r['refined_truth'] if r['width'] < 32 and r['refined_score'] >= 0.5 else r['truth']
    policies = [
        ('detector alone', lambda r: True, None),
        ('the checks (shipped)', shipped, None),
        ('+ mean of box and mirror ≥ 1st pct', extra(mean(['v', 'v_mirror'])), None),
        ('+ mean of box, 15% smaller, larger', extra(mean(['v', 'v_small', 'v_large'])), None),
        ('+ mean of all eight views', extra(mean(VIEWS)), None),
        ('+ flag on every box ≥ 1st pct', extra(lambda r: r['flag']), None),
        ('refined box, then the checks', refined, refined_truth),
        ('--refine-below 32, then the checks', small_refined, small_truth),
        ('the checks on both boxes', lambda r: shipped(r) and r['refined_score'] >= 0.05 and checks(r['refined_v'], r['refined_flag']), None),
    ]
    if any(r['v2'] >= 0 for r in rows):
        policies.append(('mean with the second verifier', lambda r: checks((r['v'] + r['v2']) / 2, r['flag'], (verifier_threshold + second_threshold) / 2), None))
    names = list(sets)
    print('| rule | ' + ' | '.join(f'{n}: faces / false' for n in names) + ' |')
    print('|---' * (len(names) + 1) + '|')
    for name, keep, label in policies:
        label = label or (lambda r: r['truth'])
        cells = []
        for n in names:
            kept = [r for r in sets[n] if keep(r)]
            faces = sum(1 for r in kept if label(r) != '0')
            cells.append(f'{faces} / {len(kept) - faces}')
        print(f'| {name} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main(sys.argv[1])
