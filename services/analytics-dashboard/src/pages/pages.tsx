import { ConversationsSummaryPanel, HeatmapPanel, TopQuestionsPanel, TrendPanel } from '../panels/conversation-panels';
import { BottlenecksPanel, FormsSummaryPanel, SubmissionsPanel, TopPerformersPanel } from '../panels/form-panels';
import { FunnelPanel, HeadlineFiguresPanel } from '../panels/overview-panels';
import { FeedbackCommentsPanel, FeedbackPanel, OutcomesPanel, TokensByModelPanel, TokensPanel } from '../panels/outcome-panels';
import { KnowledgeBasePanel, LatencyPanel, UnansweredQuestionsPanel } from '../panels/quality-panels';
import type { DateRange, Page } from '../view/view-state';

export const PAGE_TITLES: Record<Page, string> = {
  overview: 'Overview',
  conversations: 'Conversations',
  quality: 'Answer quality',
  forms: 'Forms',
};

/** The panels of one page. */
export function PagePanels({ page, range }: { page: Page; range: DateRange }) {
  switch (page) {
    case 'overview':
      return (
        <>
          <HeadlineFiguresPanel range={range} />
          <FunnelPanel range={range} />
        </>
      );
    case 'conversations':
      return (
        <>
          <ConversationsSummaryPanel range={range} />
          <HeatmapPanel range={range} />
          <TrendPanel range={range} />
          <TopQuestionsPanel range={range} />
        </>
      );
    case 'quality':
      return (
        <>
          <OutcomesPanel range={range} />
          <FeedbackPanel range={range} />
          <FeedbackCommentsPanel range={range} />
          <KnowledgeBasePanel range={range} />
          <UnansweredQuestionsPanel range={range} />
          <LatencyPanel range={range} />
          <TokensPanel range={range} />
          <TokensByModelPanel range={range} />
        </>
      );
    case 'forms':
      return (
        <>
          <FormsSummaryPanel range={range} />
          <TopPerformersPanel range={range} />
          <BottlenecksPanel range={range} />
          <SubmissionsPanel range={range} />
        </>
      );
  }
}
