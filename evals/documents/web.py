"""A saved intranet page, an e-mail bulletin and a Markdown note without front matter."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from evals.documents.layout import Source

PAGE = "intranet-leadership-development.html"
EMAIL = "leadership-bulletin-april-2026.txt"
NOTE = "protected-time-guide.md"

_PAGE_FURNITURE = (
    "We use cookies to make this intranet work",
    "Accept all cookies",
    "Home › Working here › Learning and development",
    "Latest news: staff awards nominations are now open",
    "Was this page helpful?",
    "Tell us how we can improve this page",
    "Accessibility statement",
    "Page last reviewed: 3 March 2026",
)

_MAIN = """<h1>Leadership development for clinical staff</h1>
<p>The learning and development team runs three leadership programmes for clinical staff, and
every programme is free to Trust employees.</p>
<p>Places are offered twice a year, and a place is confirmed only once your line manager has
agreed your study leave.</p>
<h2>Programmes we offer</h2>
<table>
<thead><tr><th>Programme</th><th>Who it is for</th><th>Length</th></tr></thead>
<tbody>
<tr><td>Foundations of Leadership</td><td>Bands 5 and 6</td><td>3 days</td></tr>
<tr><td>Aspiring Leaders Programme</td><td>Bands 7 and 8a</td><td>6 months</td></tr>
<tr><td>Executive Shadowing</td><td>Band 8a and above</td><td>5 days</td></tr>
</tbody>
</table>
<h2>Frequently asked questions</h2>
<details><summary>Can I apply if I work part time?</summary>
<p>Yes. Part-time staff can apply for every programme, and taught sessions run between 10am
and 3pm so that they fit school hours.</p></details>
<details><summary>Who pays for backfill while I am on a course?</summary>
<p>Your care group pays for backfill from its training budget, up to £150 a day.</p></details>
<details><summary>How do I book a coaching session?</summary>
<p>Coaching sessions are booked through the coaching hub, and most people are matched with a
coach within three weeks.</p></details>"""


def generate_page(folder: Path) -> Source:
    """The page as a browser saves it: all the site's chrome around the article."""
    f = _PAGE_FURNITURE
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Leadership development | Staff intranet | Northfield Community Health</title></head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>{f[0]}. <button>{f[1]}</button>
<a href="/cookies">Cookie settings</a></p></div>
<header class="site-header"><nav aria-label="Main"><ul><li><a href="/">Home</a></li>
<li><a href="/news">News</a></li><li><a href="/working-here">Working here</a></li>
<li><a href="/policies">Policies</a></li></ul></nav></header>
<main id="content">
<nav class="breadcrumbs" aria-label="Breadcrumb">{f[2]} › Leadership development</nav>
<div class="layout"><article>
{_MAIN}
</article>
<aside class="sidebar"><h2>In this section</h2><ul><li><a href="/ld/coaching">Coaching</a></li>
<li><a href="/ld/mentoring">Mentoring</a></li></ul><p>{f[3]}.</p></aside></div>
<section class="related-links"><h2>Related links</h2><ul>
<li><a href="/policies/appraisal">Supervision and appraisal policy</a></li>
<li><a href="/ld/apprenticeships">Apprenticeships</a></li></ul></section>
<form class="feedback-form"><h2>{f[4]}</h2><button>Yes</button><button>No</button>
<label for="fb">{f[5]}</label><textarea id="fb"></textarea></form>
<footer class="page-footer"><p>{f[7]}. Next review due: 3 March 2027.</p></footer>
</main>
<footer class="site-footer"><a href="/accessibility">{f[6]}</a> | <a href="/privacy">Privacy</a>
| © Northfield Community Health NHS Trust</footer>
</body></html>
"""
    (folder / PAGE).write_text(html, encoding="utf-8")
    body = [" ".join(unescape(t).split()) for t in re.split(r"<[^>]+>", _MAIN)]
    return Source(PAGE, body=[t for t in body if t], furniture=list(f))


_SIGNATURE = (
    "Leadership and Organisational Development Team\n"
    "Northfield Community Health NHS Trust\n"
    "Tel: 01632 960418 | Teams: Leadership OD"
)
_DISCLAIMER = (
    "This e-mail and any attachments are confidential and intended solely for the addressee. "
    "If you have received it in error, please tell the sender and delete it."
)


def generate_email(folder: Path) -> Source:
    """A bulletin saved as text, answering a quoted question below the signature."""
    paragraphs = [
        "Applications for the July cohort of the Aspiring Leaders Programme open on 1 June 2026 "
        "and close on 21 June 2026.",
        "From May, the monthly leadership lunch and learn moves to the first Tuesday of each "
        "month, from 12.30 to 13.30 on Teams.",
        "To answer the question below: yes, band 6 staff can apply for executive shadowing this "
        "year if their line manager supports it.",
    ]
    quoted = (
        "> Could you confirm whether band 6 staff can apply for shadowing this year? The\n"
        "> deadline our team was given for shadowing applications is Friday 16\n"
        "> April 2026, and two of our podiatrists are keen to take part."
    )
    headers = (
        "From: Leadership and OD Team <leadership.od@northfield.example.nhs.uk>\n"
        "Sent: 16 April 2026 09:12\n"
        "To: All clinical staff\n"
        "Subject: Leadership bulletin – April 2026\n"
    )
    text = (
        headers + "\nHi all,\n\n" + "\n\n".join(paragraphs) + "\n\nBest wishes,\n\n"
        f"{_SIGNATURE}\n\n{_DISCLAIMER}\n\n"
        "-----Original Message-----\n"
        "From: Community Therapies Lead\n"
        "Sent: 15 April 2026 17:40\n"
        "Subject: RE: shadowing\n\n"
        f"{quoted}\n"
    )
    (folder / EMAIL).write_text(text, encoding="utf-8")
    unquoted = " ".join(line[2:] for line in quoted.splitlines())
    furniture = [
        *headers.splitlines(),
        *_SIGNATURE.splitlines(),
        _DISCLAIMER,
        "-----Original Message-----",
        *quoted.splitlines(),
    ]
    return Source(EMAIL, body=[*paragraphs, unquoted], furniture=furniture)


_NOTE = """# Protected time for leadership: a guide for managers

Managers agree protected leadership time with each eligible clinician at their appraisal.
The minimum is one day a month for clinical leads at band 8a and above.
---

## Recording protected time

Protected time is recorded in the e-rostering system under the activity code LDR.
Backfill for the time is paid from the care group's training budget.
---

## When time cannot be given

If protected time is cancelled twice in a row, the clinician can raise it with the head of
profession, who reviews the rota within 14 days.
"""


def generate_note(folder: Path) -> Source:
    """A manager's guide in Markdown with no front matter and sentence lines above '---'."""
    (folder / NOTE).write_text(_NOTE, encoding="utf-8")
    body = [line.lstrip("# ") for line in _NOTE.splitlines() if line and line != "---"]
    return Source(NOTE, body=body)
