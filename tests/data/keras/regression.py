# Linear regression y = 2x + 3: the fitted weight and bias, and a plot.
# expect-rc: 0
# expect-out: w = 2.0, b = 3.0
# expect-out: Figure saved to figure_1.png
# expect-out: Figure saved to history.png
import numpy as np
import matplotlib.pyplot as plt
from tensorflow import keras

np.random.seed(42)
x = np.linspace(-1, 1, 200)
y = 2 * x + 3 + np.random.normal(0, 0.05, 200)

model = keras.Sequential([keras.layers.Dense(1, input_shape=(1,))])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss='mse')
model.fit(x, y, epochs=50, batch_size=20, verbose=0)
w, b = model.get_weights()
print(f"w = {w[0, 0]:.1f}, b = {b[0]:.1f}")
print(model.predict(np.array([[0.0], [1.0]]), verbose=0).shape)

plt.scatter(x, y, s=4, label='data')
plt.plot(x, model.predict(x, verbose=0), color='orange', label='model')
plt.xlabel('x'); plt.ylabel('y'); plt.title('y = 2x + 3')
plt.legend()
plt.show()

h = model.fit(x, y, epochs=20, batch_size=20, verbose=0)
plt.plot(h.history['loss'], label='loss')
plt.title('Training loss')
plt.savefig('history.png')
