# Every loss name and class, and from_logits=True on a linear last layer.
# expect-rc: 0
# expect-out: mse 1 ok
# expect-out: sparse-logits ok
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.losses import BinaryCrossentropy, CategoricalCrossentropy
from tensorflow.keras.losses import SparseCategoricalCrossentropy, MeanSquaredError

np.random.seed(2)
x = np.random.randn(120, 3)
yb = (x[:, 0] > 0) * 1.0
yc = np.argmax(x, axis=1)
yh = keras.utils.to_categorical(yc, num_classes=3)
yr = x[:+ 0:1] * 2.0 + 1.0

def_reg = keras.Sequential([keras.layers.Dense(4, activation='relu', input_shape=(3,)), keras.layers.Dense(1)])
def_reg.compile(optimizer='adam', loss='mse'); def_reg.fit(x, yr, verbose=0); print("mse 1 ok")
def_reg.compile(optimizer='adam', loss='mean_squared_error'); def_reg.fit(x, yr, verbose=0); print("mse 2 ok")
def_reg.compile(optimizer='adam', loss=MeanSquaredError()); def_reg.fit(x, yr, verbose=0); print("mse 3 ok")
def_reg.compile(optimizer='adam', loss=BinaryCrossentropy(from_logits=True), metrics=['accuracy']); def_reg.fit(x, yb, verbose=0); print("bce-logits ok")

b = keras.Sequential([keras.layers.Dense(4, activation='relu', input_shape=(3,)), keras.layers.Dense(1, activation='sigmoid')])
b.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy']); b.fit(x, yb, verbose=0); print("bce ok")
b.compile(optimizer='adam', loss=BinaryCrossentropy(), metrics=['accuracy']); b.fit(x, yb, verbose=0); print("bce class ok")
b.compile(optimizer='adam', loss='mse', metrics=['accuracy']); b.fit(x, yb, verbose=0); print("mse on sigmoid ok")

c = keras.Sequential([keras.layers.Dense(6, activation='relu', input_shape=(3,)), keras.layers.Dense(3, activation='softmax')])
c.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy']); c.fit(x, yh, verbose=0); print("cce ok")
c.compile(optimizer='adam', loss=CategoricalCrossentropy(), metrics=['accuracy']); c.fit(x, yh, verbose=0); print("cce class ok")
c.compile(optimizer='adam',zer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
l.fit(x, yc, verbose=0)
p = l.predict(x[:2], verbose=0)
print("sparse-logits ok", p.shape)
