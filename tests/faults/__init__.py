"""Fault injection: a failing database, a failing Slack Web API, hostile requests, admin load."""
