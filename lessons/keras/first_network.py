# Your first neural network in Keras, as the beginners' tutorials write it:
# make a data set, define the model, compile it, fit it, evaluate it.
# The data: 400 points in a square; class 1 inside a disc of radius 0.7.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

np.random.seed(0)
X = np.random.uniform(-1, 1, (400, 2))
y = (X[:, 0] ** 2 + X[:, 1] ** 2 < 0.5).astype("float32")

# define the keras model: 2 inputs, two hidden layers of 8, one output
model = keras.Sequential()
model.add(layers.Dense(8, input_shape=(2,), activation="relu"))
model.add(layers.Dense(8, activation="relu"))
model.add(layers.Dense(1, activation="sigmoid"))

# compile the keras model
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()

# fit the keras model on the data set (a fifth held out for validation)
model.fit(X, y, epochs=100, batch_size=10, validation_split=0.2, verbose=2)

# evaluate the keras model
_, accuracy = model.evaluate(X, y, verbose=0)
print("Accuracy: %.2f" % (accuracy * 100))
