"""The neutral passage a trainee reads for baseline calibration (about 15-20 s aloud).

It is deliberately plain: no questions, no exclamations, no emotional words,
a mix of short and long sentences and the sounds of ordinary phone talk, so
the reading shows the trainee's usual pitch, loudness, pace and voice quality.
"""

from __future__ import annotations

#: Read this at your normal speaking voice, as if describing a routine task.
BASELINE_PASSAGE = (
    "The office opens at nine in the morning and closes at five in the evening. "
    "Most calls are about deliveries, invoices and changes to an address. "
    "Each request is written down with the caller's name, the date and a reference number. "
    "A short summary is then sent to the team that handles it, "
    "and the caller receives an email within two working days."
)

#: How a reading from the microphone is recorded (``EndpointConfig`` fields): it ends after this much
#: silence, and gives up when nobody starts reading in time.
READING_LIMITS = {"end_silence": 2.0, "no_speech_timeout": 15.0}

#: The longest recording a calibration reads (``callsim calibrate --max-seconds``'s default, and the app's reading
#: files, refused with the same line): the passage takes about a minute; a longer file is not a reading of it,
#: and would take long to measure.
MAX_READING_SECONDS = 120.0

#: Shown above the passage in the app and by ``callsim calibrate --help``.
INSTRUCTIONS = (
    "Read the passage aloud once, in your ordinary speaking voice, at your usual pace and "
    "distance from the microphone, in a quiet room. Two or three readings give a steadier baseline (in the app, "
    "press Enter again after a reading; on the command line, --mic --readings 3)."
)
