"""A small labelled corpus the abuse-model tests train on (real training, a fraction of a second).

The abusive lines insult the reader or a group with a few recurring words (كلب، حقير، غبي،
حمار، وسخ); the clean ones are ordinary news comments. Held-out probes reuse those words in new
sentences, so a model that learned anything ranks them apart.
"""

from pathlib import Path

INSULTS = ("كلب", "حقير", "غبي", "حمار", "وسخ", "خنزير")
TARGETS = ("يا", "انت", "هذا الكاتب", "المذيع", "انتم يا")
ENDINGS = ("", "!", " والله", " ومعك كل من يصدقك", " اخرس")
TOPICS = (
    "المباراة",
    "الاقتصاد",
    "الانتخابات",
    "الطقس",
    "التعليم",
    "المستشفى",
    "الطريق",
    "المهرجان",
)
PRAISE = ("مقال مفيد عن", "شكرا على التغطية الجيدة حول", "اتمنى المزيد من الاخبار عن",
          "تحليل رائع بخصوص", "معلومات قيمة عن")  # fmt: skip


def abusive_texts() -> list[str]:
    texts = []
    for i, insult in enumerate(INSULTS):
        for j, target in enumerate(TARGETS):
            texts.append(f"{target} {insult}{ENDINGS[(i + j) % len(ENDINGS)]}")
    return texts


def clean_texts() -> list[str]:
    return [f"{praise} {topic}" for praise in PRAISE for topic in TOPICS]


def labelled() -> tuple[list[str], list[int]]:
    bad, good = abusive_texts(), clean_texts()
    return bad + good, [1] * len(bad) + [0] * len(good)


def write_labelled_file(path: Path) -> Path:
    """Write the corpus as `label<TAB>text` lines, the format the commands read."""
    texts, labels = labelled()
    path.write_text("".join(f"{y}\t{t}\n" for t, y in zip(texts, labels, strict=True)), "utf-8")
    return path


ABUSIVE_PROBE = "المعلق الاخر حقير وغبي"
CLEAN_PROBE = "شكرا على هذا المقال عن المهرجان"
