import numpy as np
x = np.zeros((5000, 5000))
