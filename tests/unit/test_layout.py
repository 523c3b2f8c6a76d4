"""The shape of the house: layers depend one way, and one package writes comments and events.

Plain `ast`, no import of the project: these read the source as text, so they hold even for code
that no test runs.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("newsroom", "articles", "comments", "pages")  # each may import only those before it
WRITER_PACKAGE = ("comments", "services")
WRITTEN_MODELS = frozenset({"Comment", "ModerationEvent"})
CREATING_METHODS = frozenset({"create", "bulk_create", "get_or_create", "update_or_create"})


def layer_of(module: str) -> int | None:
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Yield (line, module) for every absolute import, at any depth (inside functions too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def upward_imports(source: str, module: str) -> list[str]:
    """Return "line: imported module" for each import of a higher layer than `module`'s."""
    own = layer_of(module)
    tree = ast.parse(source)
    return [
        f"{line}: {imported}"
        for line, imported in imported_modules(tree)
        if own is not None and (other := layer_of(imported)) is not None and other > own
    ]


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def creations(source: str) -> list[str]:
    """Return "line: what" for each place that makes a Comment or a ModerationEvent row."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in WRITTEN_MODELS:
            found.append(f"{node.lineno}: {func.id}(...)")
        elif isinstance(func, ast.Attribute) and func.attr in CREATING_METHODS:
            models = _names_in(func.value) & WRITTEN_MODELS
            related = isinstance(func.value, ast.Attribute) and func.value.attr == "events"
            if models or related:
                found.append(f"{node.lineno}: .{func.attr}(")
    return found


def project_modules() -> Iterator[tuple[str, Path]]:
    for layer in LAYERS:
        for path in sorted((REPO_ROOT / layer).rglob("*.py")):
            relative = path.relative_to(REPO_ROOT)
            yield ".".join(relative.with_suffix("").parts), path


def test_the_checks_see_what_they_look_for():
    assert upward_imports("from comments.models import Comment\n", "articles.views") == [
        "1: comments.models"
    ]
    assert upward_imports("def f():\n    import pages.views\n", "newsroom.urls") == [
        "2: pages.views"
    ]
    assert upward_imports("from articles.models import Article\n", "comments.views") == []
    made = "Comment(name='x')\nComment.objects.bulk_create(rows)\nc.events.create(to_status='x')\n"
    assert creations(made) == ["1: Comment(...)", "2: .bulk_create(", "3: .create("]
    assert creations("Comment.objects.filter(pk=1).update(status='spam')\n") == []


@pytest.mark.parametrize(("module", "path"), list(project_modules()), ids=lambda v: str(v))
def test_no_module_imports_a_higher_layer(module, path):
    assert upward_imports(path.read_text(), module) == [], (
        f"{module} imports a higher layer ({' < '.join(LAYERS)}); plug in from above instead "
        "(a template tag, a URL include by string, a receiver connected in AppConfig.ready())"
    )


def test_only_the_services_create_comments_and_moderation_events():
    offenders = {
        module: made
        for module, path in project_modules()
        if tuple(module.split(".")[:2]) != WRITER_PACKAGE and (made := creations(path.read_text()))
    }
    assert offenders == {}, "use comments.services (comment_build, event_record)"


THREAD_MARKUP = re.compile(r'class="nr-(comment|replies|depth)')


def thread_markup_in(source: str) -> list[str]:
    """String constants that write the comment threads' markup (its nr-comment classes)."""
    return [
        f"{node.lineno}: {node.value[:40]!r}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and THREAD_MARKUP.search(node.value)
    ]


def test_the_thread_markup_check_sees_markup_in_strings():
    assert thread_markup_in("x = f'<li class=\"nr-comment nr-depth-{d}\">'\n") != []
    assert thread_markup_in("selector = '#comments li.nr-comment'\n") == []


def test_the_thread_markup_lives_in_its_template_only():
    offenders = {
        module: found
        for module, path in project_modules()
        if (found := thread_markup_in(path.read_text()))
    }
    assert offenders == {}, "the threads' markup is templates/jinja2/comments/thread_items.html"
