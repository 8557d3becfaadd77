"""COUNT seeded images of a FER2013 split, each centred in a 96x96 mid-gray canvas as `moodtune bench` pads its sample,
with a truth.csv (one face, box 24 24 48 48) for `moodtune eval-detect`. Usage: pad_fer.py SPLIT_DIR OUT COUNT SEED"""
import os
import random
import sys

from PIL import Image


def main(split, out, count, seed):
    files = sorted((c, f) for c in os.listdir(split) if os.path.isdir(os.path.join(split, c)) for f in os.listdir(os.path.join(split, c)))
    random.Random(seed).shuffle(files)
    rows = []
    for label, name in files[:count]:
        os.makedirs(os.path.join(out, label), exist_ok=True)
        canvas = Image.new('L', (96, 96), 128)
        canvas.paste(Image.open(os.path.join(split, label, name)).convert('L').resize((48, 48)), (24, 24))
        relative = f'{label}/{os.path.splitext(name)[0]}.png'
        canvas.save(os.path.join(out, relative))
        rows.append(f'{relative},1,24 24 48 48')
    with open(os.path.join(out, 'truth.csv'), 'w') as truth:
        truth.write('file,faces,boxes\n' + '\n'.join(rows) + '\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
