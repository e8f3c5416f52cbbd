"""Predictive customer lifetime value: BG/NBD, Gamma-Gamma and per-customer CLV scores."""

from core.clv.bgnbd import BGNBDFit, BGNBDParams, fit_bgnbd
from core.clv.clv import CLVResult, CLVSettings, Problem, predict_clv
from core.clv.gamma_gamma import GammaGammaFit, GammaGammaParams, fit_gamma_gamma

__all__ = [
    "BGNBDFit",
    "BGNBDParams",
    "CLVResult",
    "CLVSettings",
    "GammaGammaFit",
    "GammaGammaParams",
    "Problem",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "predict_clv",
]
