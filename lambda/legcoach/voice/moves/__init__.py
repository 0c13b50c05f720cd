"""The moves: the only code that changes where the conversation is.

Each move takes the `Turn`, has the coach decide, has the speech layer say it, moves the state
through one of its named transitions (`SessionState.to_count`, `to_ready`, `to_menu`, `begin`,
`offer`, `end_workout`), and returns a `Reply` for the one commit point. Handlers name what they
heard and call one move; moves never look at intents.

- `floor`: asking, the questions' lines, handing the floor back, repeating, one-shot sessions
- `starting`: open, begin, resume, restart, a fresh start
- `sets`: present, count, log, none done, break, skip, redo, stop the set, swap, retime
- `ending`: cool-down, finish, summary, pause, goodbye, end for today
- `answers`: each question's answers (intent heard -> move)
- `telling`: what only informs (questions, reports, help, status) and then hands the floor back
- `reminders`: leg-day reminders through Alexa's Reminders API
"""
