"""Praat's pitch track of a WAV file, as the reference the tests compare the app's tracker with.

Usage: praat_pitch.py FILE.wav  ->  one line per 10 ms frame: "<time s> <F0 Hz, 0 if unvoiced>".
Praat's autocorrelation method, in two passes as its manual advises: a first pass with its
defaults for speech (75-600 Hz) tells a low voice from a high one by the median F0, and the
track is then taken within the range the manual ("Intro 4.2. Configuring the pitch contour")
recommends for it: 75-300 Hz for a male voice, 100-500 Hz for a female one.
"""
import sys

import numpy as np
import parselmouth

sound = parselmouth.Sound(sys.argv[1])
first = sound.to_pitch(time_step=0.01, pitch_floor=75.0, pitch_ceiling=600.0)
voiced = first.selected_array["frequency"]
voiced = voiced[voiced > 0]
floor, ceiling = (75.0, 600.0)
if len(voiced):
    floor, ceiling = (75.0, 300.0) if np.median(voiced) < 170.0 else (100.0, 500.0)
pitch = sound.to_pitch(time_step=0.01, pitch_floor=floor, pitch_ceiling=ceiling)
for t, f in zip(pitch.xs(), pitch.selected_array["frequency"]):
    print(f"{t:.4f} {f:.3f}")
