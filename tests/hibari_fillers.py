"""Speaks a text with hibari-tts, drawing out its filled pauses the way speakers do.

Usage: python hibari_fillers.py TEXT_FILE OUT_WAV SEED

hibari reads "uh" and "um" as short words (about 0.15 s, with the rising pitch of an ordinary
syllable), while filled pauses in spontaneous speech last about 0.3-0.6 s. Each filler's vowel
phoneme is repeated so the voice holds it, and "um" keeps its closing hum.
"""
import re
import sys

import numpy as np
from hibari import Hibari
from hibari.tts import write_wav

text_file, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
tts = Hibari()
rng = np.random.default_rng(seed)
parts = []
for ps in tts.phonemize(open(text_file, encoding="utf-8").read()):
    # The G2P writes "uh"/"um"/"er" as stressed ʌ, ʌm and ɛɹ/ɜɹ tokens of their own.
    ps = re.sub(r"(?<![^\s,])ˈʌm(?=[\s,.]|$)", "ˈʌʌʌmm", ps)
    ps = re.sub(r"(?<![^\s,])ˈʌ(?=[\s,.]|$)", "ˈʌʌʌʌ", ps)
    ps = re.sub(r"(?<![^\s,])ˈ[ɜɛ]ɹ(?=[\s,.]|$)", "ˈɜɜɜɜ", ps)
    print(ps, file=sys.stderr)
    parts.append(tts.from_ids(tts.ids(ps), 1.0, rng))
write_wav(out, np.concatenate(parts))
