"""Web-service mode: the skill behind a Flask app with Alexa request verification.

``legcoach.web.verify`` needs only ``cryptography``; ``legcoach.web.app`` adds Flask. Neither is
imported by the Lambda entry point.
"""
