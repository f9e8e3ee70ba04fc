# Modules other than numpy, tensorflow/keras and matplotlib.
# expect-rc: 2
# expect-err: unsup_module.py:5: the module 'pandas' is not supported
import numpy as np
import pandas as pd
