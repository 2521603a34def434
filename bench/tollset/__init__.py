"""Death-toll gold set: is a death count the toll of one event, or a total over a period?"""
