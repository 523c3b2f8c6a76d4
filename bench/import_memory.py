"""Import a generated ~200 MB WXR file and print time and peak memory (run on demand).

    .venv/bin/python bench/import_memory.py [--size-mb 200] [--batch-size 500] [--keep]

The file is written to a temporary folder with a fresh SQLite database; the import runs in a
child process (`manage.py import_wxr`), whose peak resident memory is read from the kernel.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMENTS_PER_POST = 25
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
"""
PARAGRAPH = "<p>هذا نص تجريبي لمقال إخباري طويل يصف الأحداث بالتفصيل، مع أرقام 2024 وروابط.</p>\n"
COMMENT_TEXT = (
    "تعليق تجريبي من قارئ مهتم بالموضوع، يكتب رأيه في عدة أسطر ويضيف بعض التفاصيل.\n"
    "A second line in English, with a link https://example.com/page and some more words. "
)


def _comment(post: int, number: int) -> str:
    comment_id = post * 100 + number
    parent = 0 if number % 4 == 0 else comment_id - 1
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[قارئ {number}]]></wp:comment_author>
<wp:comment_author_email>reader{number}@example.com</wp:comment_author_email>
<wp:comment_author_url>https://reader.example/{number}</wp:comment_author_url>
<wp:comment_author_IP>192.0.2.{number % 250}</wp:comment_author_IP>
<wp:comment_date_gmt>2024-01-{1 + number % 28:02d} 10:{number % 60:02d}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{COMMENT_TEXT * 2}]]></wp:comment_content>
<wp:comment_approved>{"0" if number % 10 == 0 else "1"}</wp:comment_approved>
<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment>
"""


def _item(post: int) -> str:
    comments = "".join(_comment(post, n) for n in range(COMMENTS_PER_POST))
    return f"""<item><title>مقال رقم {post}</title><link>https://bench.example/?p={post}</link>
<dc:creator>editor</dc:creator><content:encoded><![CDATA[{PARAGRAPH * 20}]]></content:encoded>
<wp:post_id>{post}</wp:post_id><wp:post_date_gmt>2024-01-01 08:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>post-{post}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="section-{post % 12}"><![CDATA[قسم {post % 12}]]></category>
{comments}</item>
"""


def generate(path: Path, size_mb: int) -> tuple[int, int]:
    """Write a WXR file of about size_mb megabytes; return (posts, comments)."""
    posts = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while out.tell() < size_mb * 1_000_000:
            posts += 1
            out.write(_item(posts))
        out.write("</channel></rss>\n")
    return posts, posts * COMMENTS_PER_POST


def run_child(args: list[str], env: dict) -> tuple[float, int, str]:
    """Run a manage.py command; return its seconds, peak memory in bytes and output."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    if status:
        sys.exit(f"manage.py {args[0]} failed:\n{output}")
    return time.monotonic() - started, usage.ru_maxrss * 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="Keep the file and database.")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only-secret", "DEBUG": "0", "CI": "1",
    }  # fmt: skip
    wxr = folder / "bench.xml"
    posts, comments = generate(wxr, options.size_mb)
    print(f"file: {wxr.stat().st_size / 1e6:.0f} MB, {posts} posts, {comments} comments")
    _seconds, baseline, _ = run_child(["migrate", "--noinput", "-v", "0"], env)
    args = ["import_wxr", str(wxr), "--batch-size", str(options.batch_size)]
    seconds, peak, output = run_child(args, env)
    print(output.strip())
    print(f"import: {seconds:.0f} s, {comments / seconds:.0f} comments/s")
    print(
        f"peak memory: {peak / 2**20:.0f} MB (Django started and migrated: {baseline / 2**20:.0f} MB)"
    )
    if options.keep:
        print(f"kept in {folder}")
    else:
        wxr.unlink()
        (folder / "bench.sqlite3").unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
