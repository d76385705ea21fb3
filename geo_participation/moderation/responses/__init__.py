"""Staff set a published post's public status and the city's answer: the API and the page.

Both call moderation.services.submission_respond (the only write path) and read the post's
history through moderation.selectors; who may do it is accounts.roles.may_respond.
"""
