"""Web-service mode: the skill behind a Flask app with Alexa request verification.

``legcoach_dev.web.verify`` needs only ``cryptography``; ``legcoach_dev.web.app`` adds Flask. Neither is
imported by the Lambda entry point.
"""
