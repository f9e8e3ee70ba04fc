# pyplot beyond what nnviz draws is refused at its line.
# expect-rc: 2
# expect-err: unsup_plot.py:6: plt.subplot is not supported
import matplotlib.pyplot as plt
plt.plot([1, 2, 3])
plt.subplot(1, 2, 1)
