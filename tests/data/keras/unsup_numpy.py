# A NumPy function outside the subset.
# expect-rc: 2
# expect-err: unsup_numpy.py:5: np.fft.fft is not supported
import numpy as np
z = np.fft.fft(np.zeros(4))
