"""What LeadBot says on every platform, in one place so Slack, Teams and the terminal cannot drift.

Plain text: each adapter escapes it for its own markup. A sentence only one platform says is
named for it (SLACK_…, TEAMS_…, TERMINAL_…).
"""

from __future__ import annotations

FRAMEWORK = "Clinical leadership – a framework for action"
EXAMPLE_QUESTIONS = (
    "What are the five themes of the clinical leadership framework?",
    "What barriers stop allied health professionals reaching the board?",
    "What should trust boards do about AHP leadership?",
    "How did the midwife who became a chief nurse build her confidence?",
)
# A short title for each example question, in the same order, where a platform shows both
# (Slack's suggested prompts).
EXAMPLE_TITLES = (
    "The five themes",
    "AHPs and the board",
    "What boards should do",
    "A midwife's confidence",
)
TRY_ASKING = "Try asking"

# -- answers (bot.answer) ----------------------------------------------------------------------

HELP = (
    "Ask me a question about clinical leadership in the NHS — for example "
    "\u201cWhat are the five themes of the clinical leadership framework?\u201d or "
    "\u201cWhat barriers stop AHPs reaching the board?\u201d. I answer only from the framework, "
    "its case studies and related documents, and I quote and cite every passage I use."
)
NOT_COVERED = (
    "I couldn't find this in the leadership documents I have, so I won't guess. "
    "The closest topics I do cover are listed below."
)
ABSENT = (
    "I don't have anything on {name} in the leadership documents I have, so I won't guess. "
    "The closest topics I do cover are listed below."
)
CLOSEST = "I don't have a direct answer to that. The closest I have is:"
CLINICAL = (
    "That's a clinical question, and I only cover clinical leadership careers and the framework. "
    "Please use your trust's clinical guidelines, the BNF or NICE guidance, or ask a senior "
    "colleague or your pharmacy team."
)
SCAN = (
    "“{title}” is a scan I can't read, so I can't answer from it. "
    "Ask an admin to add a text version of it."
)
NO_MORE = "That's everything I have on this from {title}."
NOTHING_INDEXED = "I couldn't find this: there are no leadership documents in my index yet."
ALSO = "Also, from {title}:"
QUOTED = "Answers quote the source documents word for word."
CLOSEST_TOPICS = "Closest topics I do cover:"
MORE_SOURCES = "More sources:"
FULL_DOCUMENT = "Full document"
RELATED = "Related"


def ask_about(topic: str) -> str:
    """A message asking about one of the closest topics ("Title — Section"), sent with one click.

    It starts with the "ask" command word so it is answered as a question even when the title
    names case studies ("Case study: midwife to chief nurse").
    """
    title, _, section = topic.rpartition(" — ")
    if not title:
        return f"ask What does \u201c{topic}\u201d cover?"
    if section[:1].isupper() and not section[1:2].isupper():
        section = section[0].lower() + section[1:]  # "asks of boards", but "AHP roles"
    return f"ask What does \u201c{title}\u201d say about {section}?"


def taken_as(question: str) -> str:
    """How a follow-up in a thread was read, shown above its answer."""
    return f"Taking this as: {question}"


# -- case studies ------------------------------------------------------------------------------

PROFILE_HELP = (
    "Tell me a little about yourself — your profession, band and the role you're aiming for — "
    "for example \u201cI'm a band 7 radiographer aiming for a board-level AHP role\u201d."
)
NO_CASE_STUDIES = "There are no case studies in the content yet."
PROFESSION_QUESTION = "What's your profession?"
AIM_QUESTION = "What are you aiming for?"
ANSWER_HINT = "Reply with \u201csuggest\u201d and your answer, e.g. \u201csuggest {}\u201d."
CASE_STUDIES = "Case studies that fit you"
NO_SUGGESTIONS = "I have no case studies to suggest yet."
GONE = "That case study is no longer in the content."
READ_CASE_STUDY = "Read the full case study"
TELL_ME_MORE = "Tell me more"
SENT_BY_DM = (
    "I've sent you case-study suggestions by direct message, since career plans are personal."
)
SENT_PRIVATELY = (
    "I've sent you case-study suggestions in our personal chat, since career plans are personal."
)
SAY_HI = "Open a chat with LeadBot and say hi, then ask again."
START_A_CHAT = (
    "Career plans are personal, so I send case-study suggestions in a personal chat — "
    f"but we don't have one yet. {SAY_HI}"
)

# -- titles and notifications --------------------------------------------------------------

WELCOME = "What LeadBot can do"
SOURCES = "Sources"
GAP_REPORT = "Gap report"

# -- feedback and sharing ----------------------------------------------------------------------

HELPFUL = "👍 Helpful"
NOT_HELPFUL = "👎 Not helpful"
# What a screen reader says for each vote button (at most 75 characters).
HELPFUL_LABEL = "This answer was helpful"
NOT_HELPFUL_LABEL = "This answer was not helpful: say what was wrong"
SHARE = "Share in channel"
THANKS = "Thanks — your feedback helps the LeadBot admins improve the content."
TOO_OLD_TO_RATE = "That answer is too old to rate, but thank you."
UNREADABLE_FEEDBACK = "Sorry — I couldn't read that feedback."
EXPIRED = "That answer has expired; ask again to share it."
SLACK_WHAT_WAS_WRONG = "What was wrong?"  # a modal's title: at most 24 characters
SLACK_DOWN_VOTE_COUNTED = (
    "Thanks — your 👎 is counted. If you can, say what was wrong: the LeadBot admins read it "
    "in the gap report to improve the content. Please don't include patient details."
)
SLACK_REASON_LABEL = "What was wrong with the answer?"
SLACK_REASON_PLACEHOLDER = "For example: it quoted the wrong document, or it is out of date"
SLACK_SEND = "Send"
SLACK_SKIP = "Skip"


def shared_by(mention: str) -> str:
    return f"Shared by {mention}"


# -- Slack's status line while LeadBot works ("LeadBot is looking through…") ------------------

SLACK_STATUS = "is looking through the leadership documents…"
SLACK_STATUS_FILE = "is reading your file…"

# -- limits and failures -----------------------------------------------------------------------

SLOW_DOWN = "You've asked a lot in the last minute. Please wait a moment and ask again."
BUILD_RUNNING = (
    "A reindex is already running. I'll keep answering from the current index; "
    "try again in a minute."
)


def cannot_now(reason: object) -> str:
    """An expected condition (no index yet, say), with what it is."""
    return f"Sorry — I can't do that right now: {reason}"


def apology(reference: str) -> str:
    """Short, never silent: what happened and the reference an admin can look up."""
    return (
        "Sorry — something went wrong while I was answering. "
        f"An admin can look it up with reference {reference[:100]}."
    )


# -- admins ------------------------------------------------------------------------------------

REINDEXING = "Reindexing… questions are still answered from the current index meanwhile."
REINDEX_FINISHED = "Reindex finished."
SAY_WHICH_DOCUMENT = (
    "Say which document: `/leadbot remove case-studies/example.md` (see `/leadbot sources`)."
)
NO_INDEX_YET = "No index yet — run `/leadbot reindex`."
NO_QUESTIONS_YET = "No questions have been logged yet."


def only_admins(action: str) -> str:
    return f"Only LeadBot admins can {action}. Ask your LeadBot admin to add you to LEADBOT_ADMINS."


def admin_in_private(platform: str) -> str:
    """Where admin commands work, for one typed in a channel or group chat."""
    if platform == "slack":
        return (
            "Admin commands work in a direct message with me or as `/leadbot` commands, not here."
        )
    return "Admin commands work in a personal chat with me, not here."


def not_added(name: str, reason: object) -> str:
    return f"I didn't add {name}: {reason}"


# -- help, per platform ------------------------------------------------------------------------

ABOUT = (
    f"I answer questions about NHS Improvement's {FRAMEWORK} "
    "(January 2019), its case-studies compendium and related leadership documents. Every answer "
    "quotes the source documents word for word, with title, section, page and a link. When the "
    "content does not cover a question, I say so rather than guess."
)
SLACK_SUGGEST = (
    "*Case studies for your career*\nSend me a direct message describing yourself — your "
    "profession, band and the role you are aiming for — or use `/leadbot suggest <about you>`. "
    "I reply privately, because career plans are personal."
)
SLACK_COMMANDS = (
    "*Commands*\n"
    "• Mention me with a question in a channel: I answer in the thread.\n"
    "• Send me a question by direct message.\n"
    "• `/leadbot ask <question>`: an answer only you can see, with a button to share it.\n"
    "• `/leadbot suggest <about you>`: case studies that fit you, sent privately.\n"
    "• `/leadbot help`: how to use LeadBot."
)
SLACK_ADMIN_COMMANDS = (
    "*Admin commands*\n"
    "• `/leadbot reindex`: bring the index up to date with the content folder.\n"
    "• `/leadbot sources`: list the indexed documents and the files that were skipped.\n"
    "• `/leadbot remove <document>`: remove a document and reindex.\n"
    "• `/leadbot report`: what staff asked that the content could not answer.\n"
    "• Send me a PDF, DOCX, Markdown, HTML or text file by direct message to add or replace content."
)
TEAMS_HELLO = "Hello — I'm LeadBot"
TEAMS_HOW = (
    "Mention me with a question in a channel or group chat and I answer in the thread, or ask "
    "me anything in a personal chat. Describe yourself in a personal chat — your profession, "
    "band and the role you are aiming for — or say \u201csuggest\u201d, and I suggest case "
    "studies that fit you."
)
TEAMS_ADMIN = (
    "Admins, in a personal chat: reindex · sources · remove <document> · report · "
    "or send a PDF, DOCX, Markdown, HTML or text file to add or replace content."
)
TERMINAL_GREETING = (
    "LeadBot — ask about the NHS clinical leadership framework, its case studies and related "
    "documents.\nType 'suggest <about you>' for case studies that fit you "
    "(e.g. 'suggest band 7 radiographer aiming for a board-level AHP role'), or 'quit'."
)
TERMINAL_HELP = (
    f"{HELP}\n\nFor case studies that fit you, type 'suggest' and a line about yourself "
    "(e.g. 'suggest band 7 radiographer aiming for a board-level AHP role'). "
    "Type 'quit' to leave."
)
