# Sequential([...]) with input_shape, tf.keras spellings, SGD with momentum; summary's table.
# expect-rc: 0
# expect-out: Model: "sequential"
# expect-out:  dense (Dense)               (None, 8)                 24        
# expect-out:  dense_1 (Dense)             (None, 3)                 27        
# expect-out: Total params: 51 (204.00 Byte)
# expect-out: Epoch 30/30
# expect-acc: 0.80 1.0
import tensorflow as tf
import numpy as np

np.random.seed(3)
x = np.random.randn(300, 2)
labels = np.argmax(np.column_stack([x[:, 0], x[:, 1], -x[:, 0] - x[:, 1]]), axis=1)
y = tf.keras.utils.to_categorical(labels, 3)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(8, activation='relu', input_shape=(2,)),
    tf.keras.layers.Dense(3, activation='softmax'),
])
model.summary()
model.compile(optimizer=tf.keras.optimizers.SGD(0.05, momentum=0.9),
              loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=30, batch_size=16, verbose=2)
