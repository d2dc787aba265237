"""Praat's pitch track of a WAV file, as the reference the tests compare the app's tracker with.

Usage: praat_pitch.py FILE.wav  ->  one line per 10 ms frame: "<time s> <F0 Hz, 0 if unvoiced>".

Praat's autocorrelation method with the range its manual recommends for the voice (Praat's
Intro 4.2, "Configuring the pitch contour": floor 75 Hz and ceiling 300 Hz for a male voice,
100 Hz and 500 Hz for a female voice). Which voice it is comes from a first pass with the wide
defaults for speech (75-600 Hz): a median under 170 Hz is taken as a low (male) voice. With the
wide ceiling alone Praat jumps an octave or two up on a low voice: a man's spontaneous
monologue around 100 Hz had 5% of its frames above 500 Hz.
"""
import sys

import numpy as np
import parselmouth

sound = parselmouth.Sound(sys.argv[1])
first = sound.to_pitch(time_step=0.01, pitch_floor=75.0, pitch_ceiling=600.0)
voiced = first.selected_array["frequency"]
voiced = voiced[voiced > 0]
low_voice = len(voiced) > 0 and np.median(voiced) < 170.0
floor, ceiling = (75.0, 300.0) if low_voice else (100.0, 500.0)
pitch = sound.to_pitch(time_step=0.01, pitch_floor=floor, pitch_ceiling=ceiling)
for t, f in zip(pitch.xs(), pitch.selected_array["frequency"]):
    print(f"{t:.4f} {f:.3f}")
