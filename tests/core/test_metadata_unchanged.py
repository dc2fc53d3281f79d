"""Samples and fixtures keep their titles, headings and tags (issue 11).

The values were recorded at commit d3d1293, before titles learned the
conventions of Obsidian, Jekyll and Hugo and hashtags stopped coming from
markup; the saved page under ``samples/saved-pages`` was recorded when it
was added. Three files of the broken ``check`` fixtures open with prose and
have no title field: by the rule of issue 11 they are now named by their
file name (each marked below), and are still reported as ``title-missing``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zo_reader.core.document import layout, parse_markdown
from zo_reader.core.sources.folder import FolderSource

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "samples": ROOT.parent / "src" / "zo_reader" / "samples",
    "articles": ROOT / "fixtures" / "articles",
    "clean": ROOT / "fixtures" / "check" / "clean",
    "broken": ROOT / "fixtures" / "check" / "broken",
}

# "folder/path": (title, tags as displayed, headings as (level, text) in the reader).
EXPECTED: dict[str, tuple[str, tuple[str, ...], tuple[tuple[int, str], ...]]] = {
    "samples/asking-for-help.md": (
        "Why is it so hard for me to ask for help, and how do I start?",
        ("support", "self-esteem", "communication", "work"),
        (
            (2, "Why it can feel so difficult"),
            (2, "Remember how it feels to be asked"),
            (2, "Start small"),
            (2, "Be clear about what you need"),
            (2, "Asking for professional help"),
            (2, "In a crisis, ask right away"),
            (2, "Be patient with yourself"),
        ),
    ),
    "samples/burnout-at-work.md": (
        "Am I burnt out at work, and what can I actually do about it?",
        ("burnout", "work", "routine", "movement", "support"),
        (
            (2, "Common signs people notice"),
            (2, "What helps and what tends not to"),
            (2, "Protect the edges of your day"),
            (2, "Move a little, rest a little"),
            (2, "Have the conversation"),
            (2, "When to get extra support"),
        ),
    ),
    "samples/grief-at-holidays.md": (
        "How do I get through the holidays after losing someone I love?",
        ("grief", "family", "loneliness", "support"),
        (
            (2, 'Let go of how it "should" feel'),
            (2, "Decide what to keep, change or skip"),
            (2, "Ways to honour the person you miss"),
            (2, "Protect your energy"),
            (2, "If you are on your own"),
            (2, "Getting more support"),
        ),
    ),
    "samples/loneliness-after-moving.md": (
        "I moved to a new city and I feel so lonely. Where do I even start?",
        ("loneliness", "support", "wellbeing", "grief"),
        (
            (2, "It is normal to miss what you left"),
            (2, "Start with places, not people"),
            (2, "Keep your old connections warm"),
            (2, "Small, doable steps for this week"),
            (2, "Be kind about the pace"),
            (2, "When loneliness feels heavier"),
        ),
    ),
    "samples/recovery/first-month-sobriety.md": (
        "What should I expect in my first month of sobriety?",
        ("sobriety", "recovery", "routine", "sleep", "support"),
        (
            (2, "A word on safety first"),
            (2, "What many people notice"),
            (2, "Plan for the tricky moments"),
            (2, "A simple daily checklist"),
            (2, "Look after your sleep and your evenings"),
            (2, "Build your support around you"),
            (2, "If you slip"),
        ),
    ),
    "samples/recovery/friend-relapse.md": (
        "My friend relapsed after a year sober. How can I support them without losing myself?",
        ("recovery", "sobriety", "support", "boundaries"),
        (
            (2, "Relapse is not the end of recovery"),
            (2, "Respond with care, not judgement"),
            (2, "Encourage support, but do not take it over"),
            (2, "Protect your own wellbeing"),
            (2, "If you are in recovery yourself"),
            (2, "When to get urgent help"),
        ),
    ),
    "samples/relationships/arguing-less.md": (
        "My partner and I keep arguing about the same things. How do we stop?",
        ("relationships", "communication", "trust"),
        (
            (2, "The argument under the argument"),
            (2, "Notice your pattern"),
            (2, "Talk in a way that can be heard"),
            (2, "Take a break before it boils over"),
            (2, "Repair matters more than perfection"),
            (2, "When to get outside help"),
        ),
    ),
    "samples/relationships/rebuilding-trust.md": (
        "Can trust really be rebuilt after it has been broken?",
        ("trust", "relationships", "communication", "support"),
        (
            (2, "Why broken trust hurts so much"),
            (2, "What the person who broke trust can do"),
            (2, "What the person who was hurt can do"),
            (2, "Talking about it without reopening the wound"),
            (2, "Signs it is moving in the right direction"),
            (2, "Getting support"),
        ),
    ),
    "samples/relationships/setting-boundaries.md": (
        "How do I set boundaries with my family without starting a fight?",
        ("boundaries", "family", "communication", "relationships"),
        (
            (2, "What a boundary is, and is not"),
            (2, "Get clear with yourself first"),
            (2, "Say it simply and calmly"),
            (2, "Expect some pushback"),
            (2, "Look after yourself along the way"),
            (2, "When to get extra help"),
        ),
    ),
    "samples/saved-pages/making-up-after-a-fight.txt": (
        "How do couples make up after a bad fight?",
        ("relationships", "communication", "repair", "apology", "couples"),
        (
            (2, "Why does it feel so hard to say sorry?"),
            (2, "What does a good repair look like?"),
            (2, "When is it worth asking for help?"),
        ),
    ),
    "samples/sleep-racing-mind.md": (
        "How do I sleep better when my mind won't stop racing?",
        ("sleep", "anxiety", "routine", "burnout"),
        (
            (2, "Why the thoughts get louder at night"),
            (2, "Give your worries a place to land"),
            (2, "Build a slower landing"),
            (2, "If you are still awake"),
            (2, "Look at the whole day, not just the night"),
            (2, "When to reach out"),
        ),
    ),
    "samples/small-daily-walks.md": (
        "Can a short daily walk really help when my mood is low?",
        ("lowmood", "movement", "eveningwalk", "wellbeing"),
        (
            (1, "Can a short daily walk really help when my mood is low?"),
            (2, "Why something so small can matter"),
            (2, "Make it almost too easy"),
            (2, "A gentle first week"),
            (2, "Making the evening walk a ritual"),
            (2, "Walking with others"),
            (2, "If walking is not possible"),
            (2, "When low mood needs more than a walk"),
        ),
    ),
    "samples/social-media-self-esteem.md": (
        "Why do I feel worse about myself every time I scroll social media?",
        ("self-esteem", "anxiety", "wellbeing"),
        (
            (2, "The comparison trap"),
            (2, "Notice how you feel, not just what you see"),
            (2, "Curate a kinder feed"),
            (2, "Create some phone-free spaces"),
            (2, "Build self-esteem offline"),
            (2, "When it runs deeper"),
        ),
    ),
    "articles/draft-note.md": (
        "Unfinished draft about sleep",
        ("sleep",),
        (),
    ),
    "articles/evening-walks.md": (
        "Do evening walks help me sleep?",
        ("sleep", "movement"),
        ((2, "The short answer"),),
    ),
    "articles/nested/deeper/inner.md": (
        "How do I say no to family?",
        ("boundaries", "family", "communication"),
        ((1, "How do I say no to family?"),),
    ),
    "articles/racing-thoughts.md": (
        "Why does my mind race at bedtime?",
        ("sleep", "anxiety"),
        (),
    ),
    "clean/evening-walks.md": (
        "Do evening walks help me sleep?",
        ("sleep", "movement"),
        ((2, "The short answer"), (2, "How long")),
    ),
    "clean/guides/winding-down.md": (
        "A guide to winding down",
        ("sleep",),
        ((1, "A guide to winding down"), (2, "A routine")),
    ),
    "clean/racing-thoughts.md": (
        "Why does my mind race at bedtime?",
        ("sleep", "anxiety"),
        ((1, "Why does my mind race at bedtime?"),),
    ),
    "broken/bad-date.md": (
        "A date nobody can sort",
        (),
        (),
    ),
    "broken/bad-yaml.md": (
        "Bad yaml",  # was 'The tags list above is never closed.': prose first, so the file name
        (),
        (),
    ),
    "broken/draft.md": (
        "Work in progress",
        (),
        (),
    ),
    "broken/dup.md": (
        "Duplicate id, Markdown",
        (),
        (),
    ),
    "broken/dup.txt": (
        "Duplicate id, text",
        (),
        (),
    ),
    "broken/empty-body.md": (
        "Nothing to read",
        ("sleep",),
        (),
    ),
    "broken/escapes.md": (
        "Escapes",
        (),
        (),
    ),
    "broken/huge.md": (
        "Too large for the test limit",
        (),
        (),
    ),
    "broken/links.md": (
        "Links",
        (),
        ((1, "Links"),),
    ),
    "broken/no-title.md": (
        "No title",  # was its first line: prose first, so the file name
        (),
        (),
    ),
    "broken/tags-one.md": (
        "Tags one",
        ("sleep", "sleep-hygiene"),
        (),
    ),
    "broken/tags-three.md": (
        "Tags three",
        ("Sleep", "sleephygiene"),
        (),
    ),
    "broken/tags-two.md": (
        "Tags two",
        ("sleep", "sleep-hygiene"),
        (),
    ),
    "broken/target.md": (
        "The target",
        (),
        ((1, "The target"), (2, "Second part")),
    ),
    "broken/twin-one.md": (
        "Twins",
        (),
        (),
    ),
    "broken/twin-two.md": (
        "twins",
        (),
        (),
    ),
    "broken/unclosed.md": (
        "Unclosed",  # was 'title: Never closed': prose first, so the file name
        (),
        (),
    ),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_title_headings_and_tags_are_unchanged(key: str) -> None:
    folder, path = key.split("/", 1)
    source = FolderSource(FOLDERS[folder])
    entry = next(entry for entry in source.entries() if entry.path == path)
    article = source.load(entry).article
    assert article is not None
    headings = layout(parse_markdown(article.reading_body), 80).headings
    found = (
        article.title,
        tuple(tag.display for tag in article.summary.tags),
        tuple((heading.level, heading.text) for heading in headings),
    )
    assert found == EXPECTED[key]


def test_every_sample_and_fixture_is_expected() -> None:
    """A new sample or fixture gets its expectation here too."""
    found = set()
    for name, folder in FOLDERS.items():
        source = FolderSource(folder)
        for entry in source.entries():
            if source.load(entry).article is not None:
                found.add(f"{name}/{entry.path}")
    assert found == set(EXPECTED)
