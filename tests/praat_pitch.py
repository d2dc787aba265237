"""Praat's pitch track of a WAV file, as the reference the tests compare the app's tracker with.

Usage: praat_pitch.py FILE.wav  ->  one line per 10 ms frame: "<time s> <F0 Hz, 0 if unvoiced>".
Praat's defaults for speech: autocorrelation method, floor 75 Hz, ceiling 600 Hz.
"""
import sys

import parselmouth

sound = parselmouth.Sound(sys.argv[1])
pitch = sound.to_pitch(time_step=0.01, pitch_floor=75.0, pitch_ceiling=600.0)
for t, f in zip(pitch.xs(), pitch.selected_array["frequency"]):
    print(f"{t:.4f} {f:.3f}")
