"""LeadBot: answers on NHS clinical leadership, in the chat tools staff already use."""
