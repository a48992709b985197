"""`python -m bot` runs the `leadbot` command."""

from bot.cli import main

main()
