# A loss nnviz does not have.
# expect-rc: 2
# expect-err: unsup_loss.py:6: the loss 'hinge' is not supported
from keras import Sequential
from keras.layers import Dense
m = Sequential([Dense(1, input_dim=2)]); m.compile(optimizer='adam', loss='hinge')
