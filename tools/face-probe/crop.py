"""Cuts the boxes of `moodtune eval-detect --json` outputs to 224x224 RGB crops (the box's square enlarged 1.2 times,
not rotated) into one uint8 file, NHWC, with a JSON list of what each crop is. Usage: crop.py OUT_DIR NAME=EVAL.json ...
For FER2013 padded sets (NAME starting with 'fer') only the detection on the truth box 24 24 48 48 (IoU >= 0.3) is cut."""
import json
import os
import sys

import numpy as np
from PIL import Image


def iou(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def main(out, specs):
    crops, meta = [], []
    for spec in specs:
        name, path = spec.split('=', 1)
        result = json.load(open(path))
        for item in result['per_image']:
            detections = item.get('detections') or []
            if not detections:
                continue
            image = Image.open(os.path.join(result['directory'], item['file'])).convert('RGB')
            for d in detections:
                box = (d['x'], d['y'], d['width'], d['height'])
                if name.startswith('fer') and iou(box, (24, 24, 48, 48)) < 0.3:
                    continue
                cx, cy, side = box[0] + box[2] / 2, box[1] + box[3] / 2, max(box[2], box[3]) * 1.2
                crop = image.crop((round(cx - side / 2), round(cy - side / 2), round(cx + side / 2), round(cy + side / 2)))
                crops.append(np.asarray(crop.resize((224, 224), Image.BILINEAR), dtype=np.uint8))
                meta.append({'set': name, 'file': item['file'], 'score': d['score']})
    os.makedirs(out, exist_ok=True)
    np.stack(crops).tofile(os.path.join(out, 'crops.u8'))
    json.dump(meta, open(os.path.join(out, 'crops.json'), 'w'))
    print(f'{len(meta)} crops', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
