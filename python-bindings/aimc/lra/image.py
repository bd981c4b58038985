"""The Long Range Arena "image" task with sequential Fashion-MNIST
(Debian's dataset-fashion-mnist) standing in for LRA's grayscale CIFAR-10:
each image is a sequence of grey-level tokens, row by row."""

import numpy as np

IMAGE_LEVELS = 256


def image_tokens(pixels, size=14):
    """Pixels (n x 784 in [0, 1]) -> tokens (n x size^2 int64 in 0..255):
    size 28 keeps every pixel (784 tokens), size 14 averages 2 x 2 blocks
    (196 tokens)."""
    if size not in (14, 28):
        raise ValueError(f"image size must be 14 or 28, got {size}")
    x = np.asarray(pixels, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 784:
        raise ValueError(f"expected n x 784 pixels, got shape {x.shape}")
    if size == 14:
        x = x.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)).reshape(-1, 196)
    return np.clip(np.rint(x * 255), 0, 255).astype(np.int64)


def image_task(size=14, root=None):
    """(x_train, y_train, x_test, y_test) of sequential Fashion-MNIST:
    60000 / 10000 sequences of size^2 tokens, 10 classes."""
    from .. import datasets
    split = (datasets.load_fashion_mnist() if root is None
             else datasets.load_fashion_mnist(root))
    return (image_tokens(split.x_train, size), split.y_train,
            image_tokens(split.x_test, size), split.y_test)
