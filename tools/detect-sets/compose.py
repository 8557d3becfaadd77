"""Writes the detection sets from the extracted packages (called by tools/detect-sets.sh; the lists beside this file
name every source image). Deterministic: the same packages give the same images, byte for byte."""
import hashlib
import os
import random
import sys

import numpy as np
from PIL import Image

packages, lists, out = sys.argv[1:4]
SKIMAGE = os.path.join(packages, "python3-skimage/usr/lib/python3/dist-packages/skimage/data")


def entries(name):
    with open(os.path.join(lists, name)) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def flat_name(path):
    parts = path.split("/")
    return f"{parts[0]}-{parts[-1]}".rsplit(".", 1)[0]


def write_truth(folder, rows):
    with open(os.path.join(folder, "truth.csv"), "w") as f:
        f.write("# written by tools/detect-sets.sh; docs/detection-evaluation.md\nfile,faces,boxes\n")
        for row in rows:
            f.write(",".join(str(c) for c in row) + "\n")


def save(image, folder, name):
    image.save(os.path.join(folder, name + ".png"), optimize=False)
    return name + ".png"


# Backgrounds for the transparent stamps: plain colours of walls, sky, grass and floors, and three photographed
# textures, so a stamp is never the only structure in the picture.
COLOURS = [(255, 255, 255), (200, 200, 200), (128, 128, 128), (40, 40, 40), (150, 190, 230), (120, 160, 90), (210, 180, 140), (90, 60, 40)]
TEXTURES = [Image.open(os.path.join(SKIMAGE, t)).convert("RGB") for t in ("brick.png", "grass.png", "gravel.png")]


def background(index, size):
    if index % 4 == 3:
        texture = TEXTURES[(index // 4) % len(TEXTURES)]
        return texture.resize((size, size), Image.BICUBIC)
    return Image.new("RGB", (size, size), COLOURS[index % len(COLOURS)])


def compose_stamp(packages, path, index):
    # Seeded by the stamp's path inside its package, not where the packages were unpacked: every checkout composes the
    # same pictures (an absolute path made the set, and so its figures, differ from clone to clone).
    rng = random.Random(int(hashlib.sha1(path.encode()).hexdigest()[:8], 16))
    stamp = Image.open(os.path.join(packages, path)).convert("RGBA")
    size = 480
    canvas = background(index, size)
    scale = rng.uniform(0.45, 0.9) * size / max(stamp.size)
    stamp = stamp.resize((max(1, round(stamp.width * scale)), max(1, round(stamp.height * scale))), Image.BICUBIC)
    x = rng.randint(0, size - stamp.width)
    y = rng.randint(0, size - stamp.height)
    canvas.paste(stamp, (x, y), stamp)
    return canvas


def lfw():
    # skimage's lfw_subset: 200 gray 25x25 crops, the first 100 faces from Labeled Faces in the Wild (each crop is the
    # face), the last 100 random non-face patches of the same photos.
    data = np.load(os.path.join(SKIMAGE, "lfw_subset.npy"))
    return [Image.fromarray(np.clip(a * 255 if a.max() <= 1 else a, 0, 255).astype(np.uint8)) for a in data]


def padded(crop, side, canvas_side, index):
    rng = random.Random(index)
    big = crop.resize((side, side), Image.BICUBIC)
    canvas = Image.new("L", (canvas_side, canvas_side), 128)
    x, y = rng.randint(0, canvas_side - side), rng.randint(0, canvas_side - side)
    canvas.paste(big, (x, y))
    return canvas.convert("RGB"), (x, y)


no_person = os.path.join(out, "no-person")
people = os.path.join(out, "people")
train = os.path.join(out, "no-person-train")
for folder in (no_person, people, train):
    os.makedirs(folder, exist_ok=True)

crops = lfw()
rows = {no_person: [], train: []}
for index, (split, path) in enumerate(entries("stamps.txt")):
    folder = no_person if split == "eval" else train
    name = "stamp-" + path.split("/stamps/", 1)[1].rsplit(".", 1)[0].replace("/", "-")
    rows[folder].append((save(compose_stamp(packages, path, index), folder, name), 0, ""))
for (path,) in entries("photos.txt"):
    image = Image.open(os.path.join(packages, path)).convert("RGB")
    rows[no_person].append((save(image, no_person, "photo-" + flat_name(path)), 0, ""))
for k in range(100, 200):
    # Non-face patches: every other one evaluated, the rest for training.
    folder = no_person if k % 2 == 0 else train
    image, _ = padded(crops[k], 96, 192, k)
    rows[folder].append((save(image, folder, f"lfw-nonface-{k:03d}"), 0, ""))
for folder, truth in rows.items():
    write_truth(folder, truth)

truth = []
for path, faces in entries("people.txt"):
    image = Image.open(os.path.join(packages, path)).convert("RGB")
    truth.append((save(image, people, "photo-" + flat_name(path)), int(faces), ""))
for k in range(100):
    image, (x, y) = padded(crops[k], 96, 192, k)
    truth.append((save(image, people, f"lfw-face-{k:03d}"), 1, f"{x} {y} 96 96"))
write_truth(people, truth)
print(f"detect-sets: {len(rows[no_person])} no-person, {len(truth)} people ({sum(int(t[1]) for t in truth)} faces), {len(rows[train])} training negatives")
