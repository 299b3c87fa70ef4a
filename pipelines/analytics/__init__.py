"""Layer: answers from the warehouse and the model. Dashboard queries and filters, statistics,
premiums, wage index, the offer benchmark, the profession, ladder and brief, value names."""
