"""Saved intranet pages as trusts have them: the content a reader wants, wrapped in furniture.

Every page holds the same content (CONTENT, an ACCORDION of <details>, a TABLE) so a test can
assert what must come out, and FURNITURE lists phrases that must never reach a block: cookie
banners, navigation, breadcrumbs, sidebars, related links, feedback forms and footers, placed
outside <main>, inside it, and inside the <article> itself depending on the page.
"""

from __future__ import annotations

from collections.abc import Callable

TITLE = "Leadership for allied health professionals"
CONTENT = (
    "The trust appointed its first chief allied health professional in April 2026.",
    "The chief AHP reports directly to the chief executive and attends every board meeting.",
    "Applications for the aspiring leaders programme close on 30 June 2026.",
    "Staff at band 6 and above may apply with their line manager's support.",
    "The programme runs for nine months and includes a shadowing placement on the executive team.",
)
ACCORDION = (
    ("Who can apply?", "Any registered AHP at band 6 or above employed by the trust can apply."),
    ("How long does the programme last?", "It lasts nine months, with one study day a month."),
)
TABLE = (
    ("Staff group", "Band 8a", "Band 8b"),
    ("Allied health professions", "41", "12"),
    ("Nursing", "96", "30"),
)
FURNITURE = (
    "We use cookies",
    "Accept all cookies",
    "Cookies on the Northfield intranet",
    "Essential cookies",
    "Skip to main content",
    "Home",
    "Staff zone",
    "Was this page helpful?",
    "Tell us how we could improve",
    "Report a problem with this page",
    "Related links",
    "Appraisal policy",
    "Freedom of information",
    "Northfield Community Health NHS Trust 2026",
    "Latest news",
    "New car park",
    "Flu jab",
    "Share this page",
    "Twitter",
    "Last reviewed",
)

COOKIE = (
    '<div id="cookie-banner" class="cc-window"><h2>Cookies on the Northfield intranet</h2>'
    "<p>We use cookies to improve your experience and to help us understand how the site is "
    "used by staff across the trust.</p><p>You can choose which optional cookies we set. "
    "Essential cookies are always on because the site cannot work without them.</p>"
    "<button>Accept all cookies</button><button>Reject</button></div>"
)
NAV = (
    '<div class="navbar"><a href="#main">Skip to main content</a><ul class="menu">'
    '<li><a href="/">Home</a></li><li><a href="/staff">Staff zone</a></li>'
    '<li><a href="/news">News</a></li><li><a href="/hr">HR and workforce</a></li></ul></div>'
)
CRUMBS = (
    '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/staff">Staff zone</a>'
    "</li><li>Leadership</li></ol>"
)
SIDEBAR = (
    '<div class="sidebar col-md-3"><h3>Latest news</h3><p>New car park opens at Northfield '
    "General Hospital on Monday with four hundred spaces for staff and visitors.</p><p>Flu jab "
    "clinics run this week in the staff restaurant from eight until four every day.</p></div>"
)
SHARE = '<div class="share"><span>Share this page</span> <a href="#">Twitter</a></div>'
RELATED = (
    '<div class="related-links"><h2>Related links</h2><ul><li><a href="/a">Leadership academy '
    'resources</a></li><li><a href="/b">Appraisal policy</a></li></ul></div>'
)
FEEDBACK = (
    '<form class="feedback"><h2>Was this page helpful?</h2><label>Tell us how we could improve '
    "this page (do not include personal information).</label><textarea></textarea>"
    '<button>Send feedback</button><p><a href="/problem">Report a problem with this page</a>'
    "</p></form>"
)
FOOTER = (
    '<div class="site-footer"><ul><li><a href="/foi">Freedom of information</a></li>'
    '<li><a href="/privacy">Privacy</a></li></ul>'
    "<p>© Northfield Community Health NHS Trust 2026</p></div>"
)
REVIEWED = '<p class="page-meta">Last reviewed: 3 March 2026. Next review due: March 2027.</p>'


def accordion() -> str:
    """The FAQ as <details>/<summary> pairs."""
    return "".join(f"<details><summary>{q}</summary><p>{a}</p></details>" for q, a in ACCORDION)


def table() -> str:
    """TABLE with a <thead> of header cells."""
    head = "".join(f"<th>{cell}</th>" for cell in TABLE[0])
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in TABLE[1:]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def article() -> str:
    """The page's own content: a title, three sections, the accordion and the table."""
    paragraphs = [f"<p>{sentence}</p>" for sentence in CONTENT]
    return (
        f"<h1>{TITLE}</h1>{paragraphs[0]}{paragraphs[1]}"
        f"<h2>Aspiring leaders programme</h2>{''.join(paragraphs[2:])}"
        f"<h2>Frequently asked questions</h2>{accordion()}"
        f"<h2>Senior posts by staff group</h2>{table()}"
    )


def semantic_page() -> str:
    """HTML5 landmarks, with related links, feedback and a sidebar still inside <main>."""
    return (
        "<!DOCTYPE html><html><head><title>Leadership for AHPs | Staff zone | Northfield</title>"
        f"</head><body>{COOKIE}<header>{NAV}</header><main id='main'>{CRUMBS}<article>"
        f"{article()}{REVIEWED}</article>{RELATED}{FEEDBACK}{SIDEBAR}</main>"
        f"<footer>{FOOTER}</footer></body></html>"
    )


def cms_page() -> str:
    """A SharePoint-style page of nested <div>s with no landmarks at all."""
    return (
        "<html><head><title>Leadership for AHPs - Northfield Intranet</title></head><body>"
        f"<div id='s4-workspace'>{COOKIE}{NAV}<div class='row'><div class='col-md-9'>{CRUMBS}"
        f"<div class='ms-rtestate-field'>{article()}</div>{REVIEWED}{FEEDBACK}{RELATED}</div>"
        f"{SIDEBAR}</div>{FOOTER}</div></body></html>"
    )


def all_in_main_page() -> str:
    """The whole page inside <main>, banner and footer too (a common template fault)."""
    return (
        f"<html><head><title>Leadership for AHPs</title></head><body><main>{COOKIE}{NAV}"
        f"{CRUMBS}<div class='content'>{article()}</div>{SIDEBAR}{RELATED}{FEEDBACK}{FOOTER}"
        "</main></body></html>"
    )


def furniture_in_article_page() -> str:
    """Breadcrumbs, share links, related links and feedback inside the <article> itself."""
    return (
        f"<html><head><title>Leadership for AHPs</title></head><body><main>{COOKIE}{NAV}"
        f"<div class='row'><article class='col-8'>{CRUMBS}{SHARE}{article()}{RELATED}"
        f"{REVIEWED}{FEEDBACK}</article>{SIDEBAR}</div>{FOOTER}</main></body></html>"
    )


PAGES: dict[str, Callable[[], str]] = {
    "semantic": semantic_page,
    "cms": cms_page,
    "all-in-main": all_in_main_page,
    "furniture-in-article": furniture_in_article_page,
}
