# Sequential() and model.add, input_dim, a learnable binary rule on random data.
# expect-rc: 0
# expect-out: Epoch 20/20
# expect-out: 40/40 - 
# expect-acc: 0.85 1.0
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
import numpy as np

np.random.seed(7)
X = np.random.rand(400, 2) * 2 - 1
y = (X[:, 0] * X[:, 0] + X[:, 1] * X[:, 1] < 0.5) * 1.0   # a disc

model = Sequential()
model.add(Dense(16, input_dim=2, activation='tanh'))
model.add(Dense(8, activation='tanh'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer=Adam(learning_rate=0.02), metrics=['accuracy'])
model.fit(X, y, epochs=20, batch_size=10, verbose=2)
