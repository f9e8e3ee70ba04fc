# A metric nnviz does not compute.
# expect-rc: 2
# expect-err: unsup_metric.py:6: the metric 'mae' is not supported
from keras import Sequential
from keras.layers import Dense
m = Sequential([Dense(1, input_dim=2)]); m.compile(optimizer='adam', loss='mse', metrics=['mae'])
