from ninja import Router

router = Router(tags=["Rete del Terzo settore"])
