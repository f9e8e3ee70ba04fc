# Every usual import spelling builds the same Dense layers.
# 中文注释也可以：每一种导入方式都应该能用。
# expect-rc: 0
# expect-out: 7 models built
"""A docstring at the top is fine too."""
import tensorflow as tf
import tensorflow.keras
import keras
import numpy as np
from tensorflow import keras as tfk
from tensorflow.keras import layers
from tensorflow.keras import models, optimizers, losses
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Flatten, Input, InputLayer
from keras import Sequential as KSeq
from keras.layers import Dense as KDense
from keras import layers as kl

m1 = Sequential([Dense(4, input_dim=3), Dense(1)])
m2 = tf.keras.models.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)), tf.keras.layers.Dense(1)])
m3 = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1)])
m4 = tfk.Sequential([layers.Dense(4, input_dim=3), layers.Dense(1)])
m5 = models.Sequential([Input(shape=(3,)), Dense(4), Dense(1)])
m6 = KSeq([InputLayer(input_shape=(3,)), KDense(4), kl.Dense(1)])
m7 = tensorflow.keras.Sequential(); m7.add(kl.Dense(4, input_shape=(3,))); m7.add(kl.Dense(1))
for_nothing = 0
n = 0
m1.compile(optimizer=optimizers.Adam(), loss=losses.MeanSquaredError())
m1.summary(); m2.summary(); m3.summary(); m4.summary(); m5.summary(); m6.summary(); m7.summary()
print(7, "models built")
