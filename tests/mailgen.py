"""E-mails as trusts save them: a bulletin forwarded with a reply, as text and as .eml files.

FACTS are the sentences a reader must get back; FURNITURE the lines they must never see.
"""

from __future__ import annotations

from email.message import EmailMessage
from html import escape
from pathlib import Path

SUBJECT = "AHP leadership bulletin: April 2026"
FACTS = (
    "The aspiring chief AHP programme opens for applications on 16 April 2026.",
    "Twelve places are funded by the regional workforce team this year.",
    "Please share the bulletin with your AHP leads.",
    "Can you confirm whether band 7 staff are eligible?",
)
FURNITURE = (
    "From:",
    "Sent:",
    "Subject:",
    "wrote:",
    "Original Message",
    "Kind regards",
    "Best wishes",
    "Jane Smith",
    "Deputy Chief AHP",
    "07700 900123",
    "This e-mail and any attachments are confidential",
    "CAUTION: This email originated",
    "=====",
    "-----",
    ">",
)

BULLETIN_TEXT = f"""\
From: Jane Smith <jane.smith@northfield.nhs.uk>
Sent: 16 April 2026 09:12
To: AHP leads
Subject: RE: FW: {SUBJECT}

CAUTION: This email originated from outside of the organisation. Do not click links or open
attachments unless you recognise the sender and know the content is safe.

Please share the bulletin with your AHP leads.

Kind regards,

Jane Smith
Deputy Chief AHP | Northfield Community Health NHS Trust
Tel: 07700 900123

-----Original Message-----
From: Regional AHP Council <ahp.council@nhs.net>
Sent: 15 April 2026 17:40
To: Jane Smith
Subject: {SUBJECT}

> ==========================================
> AHP LEADERSHIP BULLETIN
> ==========================================
>
> The aspiring chief AHP programme opens for applications on 16
> April 2026.
>
> > Can you confirm whether band 7 staff are eligible?
>
> Twelve places are funded by the regional workforce team this
> year.
>
> --
> Regional AHP Council
> ahp.council@nhs.net
>
> This e-mail and any attachments are confidential and intended solely for the
> addressee. If you have received it in error, please notify the sender.
"""

REPLY_TEXT = """\
Thanks, that answers it.

On Tue, 14 Apr 2026 at 10:02, Jane Smith <jane.smith@northfield.nhs.uk>
wrote:
> Band 7 staff are eligible if their manager supports the application.
>
> Best wishes
> Jane
"""


def make_eml(path: Path, *, html: bool = False) -> Path:
    """Write BULLETIN_TEXT's message as an .eml file, with a plain or only an HTML body."""
    message = EmailMessage()
    message["From"] = "Jane Smith <jane.smith@northfield.nhs.uk>"
    message["To"] = "AHP leads <ahp.leads@northfield.nhs.uk>"
    message["Subject"] = f"FW: {SUBJECT}"
    body = BULLETIN_TEXT.split("\n\n", 1)[1]  # the header block lives in the headers
    if html:
        # As Outlook sends a message it turned from text to HTML: lines end in <br>.
        paragraphs = "".join(
            "<p>" + "<br>\n".join(escape(line) for line in chunk.splitlines()) + "</p>"
            for chunk in body.split("\n\n")
        )
        message.set_content(f"<html><body>{paragraphs}</body></html>", subtype="html")
    else:
        message.set_content(body)
        message.add_attachment(b"%PDF-1.4 not read", maintype="application", subtype="pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))
    return path
