"""Callbacks: thin wrappers that read data, build figures and return them. Importing this
package registers every callback."""

from dashboard.callbacks import kaart as kaart
from dashboard.callbacks import maand as maand
from dashboard.callbacks import nplv as nplv
